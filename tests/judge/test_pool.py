"""The warm sandbox pool against the real engine: exact limits, single use, background refill,
removal on close, and the start-up sweep of a crashed judge's pool."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import textwrap
import time
from pathlib import Path
from typing import Any

import docker
import pytest

from ictjudge.containers import LABEL, OWNER_LABEL, create, owner, remove
from ictjudge.judge import JudgeConfig, Submission, judge_submission
from ictjudge.pool import Pool, Shape
from ictjudge.sandbox import DEFAULT_IMAGE, SandboxConfig, orphaned, sweep
from ictjudge.wire import Verdict
from tests.judge.conftest import make_dataset

pytestmark = pytest.mark.docker
CONFIG = SandboxConfig()

# Allocates and touches the MiB its input names (read back, so the compiler keeps it).
ALLOCATE = r"""
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
int main(void) {
    size_t mb;
    if (scanf("%zu", &mb) != 1) return 2;
    char *p = malloc(mb << 20);
    if (!p) return 1;
    memset(p, 1, mb << 20);
    unsigned long sum = 0;
    for (size_t i = 0; i < (mb << 20); i += 4096) sum += (unsigned char)p[i];
    printf("%s\n", sum ? "ok" : "empty");
    return 0;
}
"""


def _limits(client: Any, container_id: str) -> tuple[int, int, int]:
    host = client.api.inspect_container(container_id)["HostConfig"]
    return host["Memory"], host["MemorySwap"], host["PidsLimit"]


def test_a_ready_sandbox_of_the_shape_asked_for_is_handed_over_as_it_is(
    docker_client: Any, warm_pool: Pool
) -> None:
    shape = Shape(CONFIG, 300, 40)
    assert warm_pool.wait_ready(shape)
    ready = warm_pool.idle()
    box = warm_pool.take(CONFIG, 300, 40, "run")
    try:
        assert box.container.id in ready
        memory = (300 + CONFIG.work_mb) << 20
        assert _limits(docker_client, box.container.id) == (memory, memory, 40)
        box.write("x", b"1")  # the runner answers
        assert box.read("x", 10) == (b"1", 1)
    finally:
        warm_pool.release(box)


def test_a_sandbox_of_other_limits_gets_the_limits_asked_for_before_it_is_handed_over(
    docker_client: Any, warm_pool: Pool
) -> None:
    assert warm_pool.wait_ready(Shape(CONFIG, 400, 30))
    ready = warm_pool.idle()
    box = warm_pool.take(CONFIG, 96, 17, "run")  # no such shape is ready: one is changed
    try:
        assert box.container.id in ready
        memory = (96 + CONFIG.work_mb) << 20
        assert _limits(docker_client, box.container.id) == (memory, memory, 17)
        assert (box.memory_mb, box.pids) == (96, 17)
    finally:
        warm_pool.release(box)


def test_sandboxes_are_never_handed_out_twice_and_the_pool_refills(
    docker_client: Any, warm_pool: Pool
) -> None:
    shape = Shape(CONFIG, 200, 25)
    seen: set[str] = set()
    for _ in range(5):
        assert warm_pool.wait_ready(shape)
        assert warm_pool.ready(shape) == warm_pool.size
        box = warm_pool.take(CONFIG, 200, 25, "run")
        assert box.container.id not in seen
        seen.add(box.container.id)
        warm_pool.release(box)
    warm_pool.settle()
    existing = {c.id for c in docker_client.containers.list(all=True, filters={"label": LABEL})}
    assert not seen & existing  # every used one is removed


def test_a_ready_sandbox_that_died_is_not_handed_over(docker_client: Any, warm_pool: Pool) -> None:
    shape = Shape(CONFIG, 180, 21)
    assert warm_pool.wait_ready(shape)
    killed = 0
    for container_id in warm_pool.idle():
        if _limits(docker_client, container_id)[2] == 21:
            docker_client.containers.get(container_id).kill()
            killed += 1
    assert killed == warm_pool.size
    pruned = 0
    deadline = time.monotonic() + 60
    while pruned < killed and time.monotonic() < deadline:  # the engine closes their streams
        pruned += warm_pool.prune()
        time.sleep(0.05)
    assert pruned == killed
    box = warm_pool.take(CONFIG, 180, 21, "run")
    try:
        box.write("y", b"2")
        assert box.read("y", 10) == (b"2", 1)
    finally:
        warm_pool.release(box)


@pytest.mark.parametrize("limit_mb", [64, 256])
async def test_each_task_gets_its_own_memory_limit_from_the_pool(
    docker_client: Any, warm_pool: Pool, tmp_path: Path, limit_mb: int
) -> None:
    """Under the limit is accepted, over it is MLE, whichever limit the sandbox was made with:
    judged twice, the second time from sandboxes the pool made for this task."""
    dataset = make_dataset(
        tmp_path / f"mem{limit_mb}",
        [(f"{limit_mb // 2}\n", "ok\n"), (f"{limit_mb + 48}\n", "ok\n")],
        limits={"time_s": 3.0, "wall_s": 10.0, "memory_mb": limit_mb},
    )
    config = JudgeConfig(pool=warm_pool)
    for _ in range(2):
        report = await judge_submission(
            dataset, Submission("c", {"a.c": ALLOCATE}), client=docker_client, config=config
        )
        verdicts = [run.verdict for run in report.runs]
        assert verdicts == [Verdict.AC, Verdict.MLE], [r.model_dump() for r in report.runs]
        assert report.runs[0].memory_kb > limit_mb // 2 * 1024


class _Breaking(Pool):
    """A pool whose first sandbox dies (its container killed) right after it is handed over, as
    one would under a program that brought down its runner."""

    broke: str | None = None  # the killed sandbox's container

    def take(self, config: SandboxConfig, memory_mb: int, pids: int, purpose: str) -> Any:
        box = super().take(config, memory_mb, pids, purpose)
        if self.broke is None:
            self.broke = box.container.id
            box.container.kill()
        return box


async def test_a_pooled_sandbox_that_dies_mid_judging_is_judged_again_in_a_fresh_one(
    docker_client: Any, tmp_path: Path
) -> None:
    dataset = make_dataset(tmp_path / "small", [("1\n", "ok\n")], limits={"memory_mb": 64})
    pool = _Breaking(docker_client, size=0)
    try:
        report = await judge_submission(
            dataset,
            Submission("c", {"a.c": ALLOCATE}),
            client=docker_client,
            config=JudgeConfig(pool=pool),
        )
    finally:
        pool.close()
    assert pool.broke
    assert report.verdict is Verdict.AC, report.model_dump()
    with pytest.raises(docker.errors.NotFound):  # the broken sandbox is removed too
        docker_client.containers.get(pool.broke)


def test_closing_the_pool_removes_every_container_it_made(docker_client: Any) -> None:
    pool = Pool(docker_client, size=2)
    try:
        assert pool.wait_ready(Shape(CONFIG, 128, 20))
        box = pool.take(CONFIG, 128, 20, "run")
        pool.release(box)
        made = pool.idle() | {box.container.id}
    finally:
        pool.close()
    existing = {c.id for c in docker_client.containers.list(all=True, filters={"label": LABEL})}
    assert not made & existing


CRASHING_JUDGE = textwrap.dedent(
    """
    import os, sys
    from ictjudge.containers import owner
    from ictjudge.pool import Pool, Shape
    from ictjudge.sandbox import SandboxConfig, connect
    pool = Pool(connect(), size=2)
    assert pool.wait_ready(Shape(SandboxConfig(), 128, 20))
    print(owner(), flush=True)
    print(" ".join(sorted(pool.idle())), flush=True)
    sys.stdin.read()  # killed here
    """
)


def test_the_pool_of_a_judge_that_crashed_is_swept_at_the_next_start(docker_client: Any) -> None:
    judge = subprocess.Popen(
        [sys.executable, "-c", CRASHING_JUDGE],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)},
    )
    try:
        assert judge.stdout is not None
        label = judge.stdout.readline().strip()
        ids = set(judge.stdout.readline().split())
        assert len(ids) == 2
    finally:
        judge.send_signal(signal.SIGKILL)
        judge.wait()
    assert label.startswith(f"{socket.gethostname()}:{judge.pid}:")  # host, pid, start time
    owner = f"{OWNER_LABEL}={label}"
    left = docker_client.containers.list(all=True, filters={"label": [LABEL, owner]})
    assert {c.id for c in left} == ids  # a crash leaves them running
    assert sweep(docker_client) >= 2
    left = docker_client.containers.list(all=True, filters={"label": [LABEL, owner]})
    assert left == []


def test_the_containers_of_a_restarted_judge_are_swept_and_a_live_judges_are_not(
    docker_client: Any,
) -> None:
    """A judge container that is restarted keeps its host name, and its judge is pid 1 again:
    the containers its earlier run made name a live pid, but not the start time of the process
    that has that pid now."""
    host, pid = socket.gethostname(), os.getpid()
    earlier = f"{host}:{pid}:1"  # this pid, started at another time
    mine = owner()
    made = {
        label: create(docker_client, DEFAULT_IMAGE, "run", labels={OWNER_LABEL: label})
        for label in (earlier, mine)
    }
    try:
        sweep(docker_client)
        left = {c.id for c in docker_client.containers.list(all=True, filters={"label": LABEL})}
        assert made[earlier].id not in left
        assert made[mine].id in left
    finally:
        for container in made.values():
            remove(container)


def test_an_owner_label_is_orphaned_only_on_this_host_when_its_process_is_gone() -> None:
    host, pid = socket.gethostname(), os.getpid()
    assert not orphaned(owner(), host)
    assert not orphaned(f"{host}:{pid}", host)  # a label written before start times were
    assert orphaned(f"{host}:{pid}:1", host)  # the pid lives on, in another process
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    assert orphaned(f"{host}:{dead.pid}", host)
    assert orphaned(f"{host}:{dead.pid}:5", host)
    assert not orphaned(f"another-host:{dead.pid}:5", host)  # a judge host sharing the engine
    for malformed in ("", host, f"{host}:x:1", f"{host}:{pid}:1:2"):
        assert not orphaned(malformed, host)
