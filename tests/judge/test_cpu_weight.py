"""The CPU weight of judge containers (``ARENA_JUDGE_CPU_SHARES``): set once, every judge
container created afterwards carries it on the real engine; unset, Docker's default holds; an
impossible weight is refused."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from ictjudge import containers
from ictjudge.hardening import locked_down

IMAGE = "ictarena/judge-runtime:latest"


@pytest.fixture
def weight() -> Iterator[None]:
    yield
    containers.set_cpu_weight(None)


def _shares(client: Any) -> int:
    options = locked_down(memory_mb=64, pids=16, tmpfs={}, cpus=1.0)
    container = containers.create(client, IMAGE, "weight-test", **options)
    try:
        container.reload()
        return int(container.attrs["HostConfig"]["CpuShares"])
    finally:
        containers.remove(container)


def test_judge_containers_carry_the_weight_set(docker_client: Any, weight: None) -> None:
    assert _shares(docker_client) == 0  # unset: the engine's default weight
    containers.set_cpu_weight(256)
    assert _shares(docker_client) == 256
    containers.set_cpu_weight(None)
    assert _shares(docker_client) == 0


@pytest.mark.parametrize("shares", [0, 1, 262_145, -5])
def test_an_impossible_weight_is_refused(shares: int, weight: None) -> None:
    with pytest.raises(ValueError, match="2 to 262144 shares"):
        containers.set_cpu_weight(shares)
