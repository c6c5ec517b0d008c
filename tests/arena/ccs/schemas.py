"""The Contest API's JSON schemas (2023-06, vendored unchanged in ``schemas/``), loaded into a
referencing Registry so that their ``$ref``s between files resolve offline."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

DIRECTORY = Path(__file__).parent / "schemas"
BASE = "https://github.com/icpc/ccs-specs/raw/2023-06/json-schema/"


@cache
def registry() -> Registry[Any]:
    resources = []
    for path in sorted(DIRECTORY.glob("*.json")):
        schema = json.loads(path.read_text())
        assert schema["$id"] == BASE + path.name, path.name
        resources.append((schema["$id"], Resource.from_contents(schema, DRAFT202012)))
    return Registry().with_resources(resources)


@cache
def validator(name: str) -> Draft202012Validator:
    """The validator of ``name`` (``contest``, ``teams``, ``event-feed``…)."""
    schema = json.loads((DIRECTORY / f"{name}.json").read_text())
    return Draft202012Validator(schema, registry=registry())


def check(name: str, data: Any) -> None:
    """Fail with every violation of the schema ``name``."""
    errors = sorted(validator(name).iter_errors(data), key=lambda e: list(e.absolute_path))
    assert not errors, f"{name}: " + "; ".join(
        f"{list(e.absolute_path)}: {e.message[:300]}" for e in errors[:5]
    )
