"""Hostile service-lab answers: a student's script runs as root on its host, and must stay
there. Each attempt — leaving the host's namespaces, reaching or killing the driver,
remounting, writing outside the host's private directories, a fork bomb, an output flood, a
script that never ends — gets a clear report (never a judge error), and the other hosts and
the checks carry on. The conftest checks that no container is left behind."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from ictjudge.labs import grade_lab
from ictjudge.labs.report import LabReport
from ictjudge.wire import Verdict

pytestmark = pytest.mark.docker

WEB = """#!/bin/bash
mkdir -p /srv/www && echo "still here" > /srv/www/index.html
echo 'server { listen 80; root /srv/www; }' > /etc/nginx/sites-enabled/site
nginx
"""
CHECKS: list[dict[str, Any]] = [
    {"id": "other-serves", "title": "the other host still serves", "points": 1,
     "http": {"from": "client", "url": "http://10.0.0.11/", "body": "still here"}},
    {"id": "other-untouched", "title": "the other host's files are its own", "points": 1,
     "run": {"on": "other", "command": "ls /etc/evil /usr/bin/evil /lab/evil /dev/evil 2>&1",
             "exit": "any", "stdout_not_contains": "evil\n"}},
    {"id": "victim-checked", "title": "the victim host is still checked", "points": 1,
     "run": {"on": "victim", "command": "hostname", "stdout": "victim"}},
]  # fmt: skip


def lab_dataset(root: Path) -> Path:
    lab = {
        "time_s": 3,
        "hosts": {
            "other": {"address": "10.0.0.11/24", "setup": "lab/web.sh"},
            "client": {"address": "10.0.0.100/24"},
            "victim": {"address": "10.0.0.66/24", "answer": "shell"},
        },
        "checks": CHECKS,
    }
    (root / "dataset.json").write_text(json.dumps({"task_type": "service", "lab": lab}))
    (root / "lab").mkdir()
    (root / "lab" / "web.sh").write_text(WEB)
    return root


async def judge(client: Any, root: Path, script: str) -> LabReport:
    return await grade_lab(lab_dataset(root), {"victim.sh": script}, client)


def passed(report: LabReport) -> dict[str, bool]:
    return {item.name: item.passed for item in report.items}


ESCAPES = [
    "nsenter -t 1 -a true",
    "unshare -m true",
    "unshare -n true",
    "unshare -p -f true",
    "chroot / true",
    "mount -t tmpfs none /mnt",
    "mount -o remount,rw /",
    "mount -o remount,rw /usr",
    "mount --bind /root /usr/bin",
    "mount -t proc proc /mnt",
    "umount -l /proc",
    "ip netns add evil",
    "mknod /root/disk b 8 0",
    "touch /usr/bin/evil",
    "touch /lab/evil",
    "touch /dev/evil",
    "touch /sys/evil",
    "sh -c 'echo 1 > /proc/sys/kernel/panic'",
    "sh -c 'echo c > /proc/sysrq-trigger'",
    "sh -c 'echo 1 > /proc/sys/vm/drop_caches'",
    "cat /proc/1/environ",
    "ls /proc/1/root/",
    "readlink /proc/1/fd/0",
    "test -e /work/hosts",
    "test -e /run/netns/other",
]


async def test_no_way_out_of_the_host(docker_client: Any, tmp_path: Path) -> None:
    """Every attempt fails; the ones that succeed are printed and would fail the test."""
    attempts = "\n".join(
        f"if {command} >/dev/null 2>&1; then echo 'ESCAPED: {command}'; fi" for command in ESCAPES
    )
    report = await judge(docker_client, tmp_path, attempts + "\necho tried\n")
    output = next(o for o in report.outputs if o.host == "victim").output
    assert output == "tried", output
    assert report.verdict == Verdict.AC, report


async def test_killing_everything_in_sight_spares_the_driver(
    docker_client: Any, tmp_path: Path
) -> None:
    """kill -9 -1 reaches only the host's own processes (but the caller and the host's first
    process, which ignores signals from inside)."""
    script = "sleep 60 &\nkill -9 1; pkill -9 python3; kill -9 -1; wait $!; echo killed $?\n"
    report = await judge(docker_client, tmp_path, script)
    assert passed(report) == dict.fromkeys(passed(report), True), report
    victim = next(o for o in report.outputs if o.host == "victim")
    assert victim.exit == 0 and victim.output.endswith("killed 137")


async def test_a_fork_bomb_switches_its_host_off(docker_client: Any, tmp_path: Path) -> None:
    """The bomb fills the container's process table; its host loses power, the rest goes on."""
    report = await judge(docker_client, tmp_path, "bomb() { bomb | bomb & }; bomb\nwait\n")
    assert "victim ran too many processes at once" in report.message, report
    assert passed(report) == {
        "the other host still serves": True,
        "the other host's files are its own": True,
        "the victim host is still checked": False,
    }
    assert report.items[2].feedback == "victim is stopped"


async def test_an_output_flood_is_cut_to_its_last_lines(docker_client: Any, tmp_path: Path) -> None:
    """A script that prints 50 MB, and a background program that never stops printing: the
    report keeps the last lines, the checks go on."""
    script = "(yes background &)\nyes flood | head -c 50000000\necho the end\n"
    report = await judge(docker_client, tmp_path, script)
    assert report.verdict == Verdict.AC, report
    victim = next(o for o in report.outputs if o.host == "victim")
    lines = victim.output.split("\n")
    assert 0 < len(lines) <= 40
    assert set(lines[1:]) <= {"flood", "background", "the end"}  # the first may be cut


async def test_a_script_that_never_ends_is_tle(docker_client: Any, tmp_path: Path) -> None:
    report = await judge(docker_client, tmp_path, "echo starting\nsleep infinity\n")
    assert (report.verdict, report.score) == (Verdict.TLE, 0), report
    victim = next(o for o in report.outputs if o.host == "victim")
    assert victim.timed_out and victim.output == "starting"
    assert passed(report)["the victim host is still checked"]
