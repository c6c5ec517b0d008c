"""A contest as the CCS contest package's configuration files: ``contest.yaml`` (the contest
object's fields, as the Contest API serves them) and ``problemset.yaml`` (its problems, under
both the 2023-06 keys and the older CLICS ones ``letter`` and ``short-name`` that importers
such as DOMjudge's and the resolver's configuration still read). Pure: from a snapshot."""

from __future__ import annotations

from typing import Any

import yaml

from ictarena.ccs import objects
from ictarena.ccs.snapshot import Snapshot


def _dump(data: Any) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100)


def contest_yaml(snap: Snapshot) -> str:
    found = objects.contest(snap)
    return _dump({k: v for k, v in found.items() if v is not None})


def problemset_yaml(snap: Snapshot) -> str:
    problems = []
    for item, source in zip(objects.problems(snap), snap.problems, strict=True):
        entry: dict[str, Any] = {
            "id": item["id"],
            "label": item["label"],
            "letter": item["label"],
            "short-name": source.slug,
            "name": item["name"],
            "ordinal": item["ordinal"],
        }
        if "time_limit" in item:
            entry["time_limit"] = item["time_limit"]
        if "max_score" in item:
            entry["max_score"] = item["max_score"]
        problems.append(entry)
    return _dump({"problems": problems})
