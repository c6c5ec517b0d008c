"""Fixtures for the judge: a real Docker engine with the runtime images, and small datasets."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from ictjudge.containers import LABEL, OWNER_LABEL, owner
from ictjudge.pool import Pool

WARM_POOLS: list[Pool] = []  # the live module pools, whose unused sandboxes are not leftovers


@pytest.fixture(autouse=True)
def no_leftover_containers(request: pytest.FixtureRequest) -> Iterator[None]:
    """Every judge test must leave no sandbox container behind, but for the unused ones ready
    in the module's warm pool (the used ones it hands back must be gone)."""
    yield
    if "docker_client" in request.fixturenames:
        client = request.getfixturevalue("docker_client")
        idle: set[str] = set()
        for pool in WARM_POOLS:
            pool.settle()
            idle |= pool.idle()
        mine = f"{OWNER_LABEL}={owner()}"  # other processes may be judging on the same engine
        found = client.containers.list(all=True, filters={"label": [LABEL, mine]})
        left = [c for c in found if c.id not in idle]
        assert left == [], f"sandbox containers left behind: {[c.name for c in left]}"


@pytest.fixture(scope="module")
def warm_pool(docker_client: Any) -> Iterator[Pool]:
    """A warm sandbox pool shared by a module's tests; closing it removes its containers."""
    pool = Pool(docker_client, size=2)
    WARM_POOLS.append(pool)
    yield pool
    WARM_POOLS.remove(pool)
    pool.close()
    mine = f"{OWNER_LABEL}={owner()}"
    left = docker_client.containers.list(all=True, filters={"label": [LABEL, mine]})
    assert left == [], f"the closed pool left containers: {[c.name for c in left]}"


def make_dataset(
    root: Path,
    cases: list[tuple[str, str]],
    *,
    limits: dict[str, Any] | None = None,
    checker: dict[str, Any] | None = None,
    groups: list[dict[str, Any]] | None = None,
    scoring: str = "pass-fail",
) -> Path:
    """A dataset directory; ``cases`` are (input, answer) pairs in one group unless ``groups``
    (each {"name", "cases", ...group fields}) is given."""
    (root / "tests").mkdir(parents=True, exist_ok=True)

    def tests_of(prefix: str, pairs: list[tuple[str, str]]) -> list[dict[str, str]]:
        out = []
        for index, (given, expected) in enumerate(pairs, start=1):
            name = f"{prefix}{index:02d}"
            (root / "tests" / f"{name}.in").write_text(given)
            (root / "tests" / f"{name}.ans").write_text(expected)
            out.append({"name": name, "input": f"tests/{name}.in", "answer": f"tests/{name}.ans"})
        return out

    if groups is None:
        tree: dict[str, Any] = {"name": "root", "tests": tests_of("t", cases)}
    else:
        sub = []
        for group in groups:
            spec = {k: v for k, v in group.items() if k != "cases"}
            spec["tests"] = tests_of(f"{group['name']}-", group["cases"])
            sub.append(spec)
        tree = {"name": "root", "groups": sub, "aggregation": "sum", "on_reject": "continue"}
    manifest: dict[str, Any] = {"root": tree, "scoring": scoring}
    if limits:
        manifest["limits"] = limits
    if checker:
        manifest["checker"] = checker
    (root / "dataset.json").write_text(json.dumps(manifest))
    return root


@pytest.fixture
def aplusb(tmp_path: Path) -> Path:
    return make_dataset(
        tmp_path / "aplusb",
        [("1 2\n", "3\n"), ("100 -7\n", "93\n"), ("1000000000 1000000000\n", "2000000000\n")],
        limits={"time_s": 1.0, "memory_mb": 128},
    )
