"""Linux labs against the real engine: a script is graded on the state it leaves, and hostile
scripts (fork bombs, disk fills, signals to PID 1, network, tampering with the check tools,
processes left behind, symbolic links, floods of output, endless sleeps) each get a clear
verdict within their limits, leaving no container (the conftest checks) and no image behind."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from ictjudge.containers import OWNER_LABEL, owner
from ictjudge.errors import RunnerFailure
from ictjudge.labs import grade_lab
from ictjudge.labs.linux import LinuxLab
from ictjudge.labs.report import LabReport
from ictjudge.wire import Verdict

pytestmark = pytest.mark.docker


def make_lab(root: Path, lab: dict[str, Any], setup: str | None = None) -> Path:
    """A dataset directory for a Linux task (the lab section is validated first)."""
    (root / "lab").mkdir(parents=True)
    if setup is not None:
        (root / "lab" / "setup.sh").write_text(setup)
        lab = {"setup": "lab/setup.sh", **lab}
    LinuxLab.model_validate(lab)
    (root / "dataset.json").write_text(json.dumps({"task_type": "linux", "lab": lab}))
    return root


@pytest.fixture(autouse=True)
def no_leftover_images(docker_client: Any) -> Iterator[None]:
    """A judging makes no image (a docker commit would carry the container's labels)."""
    yield
    mine = f"{OWNER_LABEL}={owner()}"
    assert docker_client.images.list(all=True, filters={"label": mine}) == []


async def grade(docker_client: Any, task: Path, script: str) -> tuple[LabReport, float]:
    started = time.monotonic()
    report = await grade_lab(task, {"answer.sh": script}, docker_client)
    return report, time.monotonic() - started


def passed(report: LabReport) -> dict[str, bool]:
    return {item.name: item.passed for item in report.items}


TEAM_SETUP = """
useradd -m -s /bin/bash guest
echo 'guest:Guest-2024' | chpasswd
useradd -m olduser
"""
TEAM_CHECKS: list[dict[str, Any]] = [
    {"id": "group", "points": 10, "group": "devops", "gid": 3000, "members": ["alice"]},
    {"id": "alice", "points": 10, "user": "alice", "uid": 3001, "groups": ["devops"]},
    {"id": "guest", "points": 10, "user": "guest", "password": "locked"},
    {"id": "olduser", "points": 10, "user": "olduser", "exists": False},
    {
        "id": "share",
        "points": 20,
        "file": "/srv/devops",
        "type": "directory",
        "mode": "2770",
        "owner": "root",
        "group": "devops",
        "acl": ["group:auditors:r-x"],
        "default_acl": ["group:auditors:r-x"],
    },
    {
        "id": "setgid",
        "points": 20,
        "run": "touch /srv/devops/probe && stat -c %G /srv/devops/probe",
        "as": "alice",
        "stdout": "devops",
    },
    {"id": "cron", "points": 20, "cron": "/opt/backup.sh", "schedule": "@daily", "user": "root"},
]
TEAM_SCRIPT = """
groupadd -g 3000 devops && groupadd auditors
useradd -m -u 3001 -G devops alice
usermod -L guest
userdel -r olduser
mkdir -p /srv/devops && chown root:devops /srv/devops && chmod 2770 /srv/devops
setfacl -m g:auditors:rx /srv/devops && setfacl -d -m g:auditors:rx /srv/devops
echo '0 0 * * * root /opt/backup.sh' > /etc/cron.d/backup
"""


@pytest.fixture
def team(tmp_path: Path) -> Path:
    return make_lab(tmp_path / "team", {"checks": TEAM_CHECKS}, TEAM_SETUP)


async def test_a_script_is_graded_on_the_state_it_leaves(docker_client: Any, team: Path) -> None:
    report, took = await grade(docker_client, team, TEAM_SCRIPT)
    assert report.verdict is Verdict.AC, report
    assert (report.score, report.max_score) == (100, 100)
    assert took < 10
    for part in ("start_ms", "script_ms", "capture_ms", "checks_ms", "total_ms", "setup_ms"):
        assert report.timing_ms[part] > 0, part


async def test_each_check_is_recorded_separately(docker_client: Any, team: Path) -> None:
    half = "groupadd -g 3000 devops\nuseradd -m -u 3001 -G devops alice\nexit 3\n"
    report, _ = await grade(docker_client, team, half)
    assert report.verdict is Verdict.PA
    assert passed(report) == {
        "group": True,
        "alice": True,
        "guest": False,
        "olduser": False,
        "share": False,
        "setgid": False,
        "cron": False,
    }
    assert report.score == 20
    assert "exited with status 3" in report.message
    feedback = {item.name: item.feedback for item in report.items}
    assert "password is set, not locked" in feedback["guest"]
    assert "/srv/devops does not exist" in feedback["share"]
    assert "No cron job runs a command containing '/opt/backup.sh'" in feedback["cron"]


async def test_a_broken_setup_is_a_judge_error(docker_client: Any, tmp_path: Path) -> None:
    task = make_lab(tmp_path / "broken", {"checks": TEAM_CHECKS}, "echo oops >&2\nexit 7\n")
    with pytest.raises(RunnerFailure, match=r"setup script exited with 7.*oops"):
        await grade(docker_client, task, "true")


def _lab(tmp_path: Path, checks: list[dict[str, Any]], **options: Any) -> Path:
    return make_lab(tmp_path / "hostile", {"checks": checks, "time_s": 3, **options})


@pytest.mark.parametrize(
    ("bomb", "verdict"),
    [
        ("bomb() { bomb | bomb; }; bomb", Verdict.TLE),  # in the foreground: the script hangs
        # left behind (the script forks once, then ends), then killed
        ("(bomb() { bomb | bomb & }; bomb) &", Verdict.AC),
    ],
    ids=["foreground", "background"],
)
async def test_fork_bomb(docker_client: Any, tmp_path: Path, bomb: str, verdict: Verdict) -> None:
    task = _lab(tmp_path, [{"id": "alive", "points": 1, "file": "/srv/alive", "equals": "yes"}])
    report, took = await grade(docker_client, task, f"echo yes > /srv/alive\n{bomb}\n")
    assert report.verdict is verdict, report
    assert passed(report) == {"alive": True}  # the state before the bomb is still checked
    if verdict is Verdict.TLE:
        assert "still running after 3 s" in report.message and report.score == 0
    assert took < 15


async def test_filling_the_disk_fills_only_the_labs_own_directories(
    docker_client: Any, tmp_path: Path
) -> None:
    checks = [
        {"id": "before", "points": 1, "file": "/srv/before", "contains": "ok"},
        {"id": "after", "points": 1, "file": "/etc/after", "contains": "ok"},
        {"id": "bounded", "points": 1, "run": "du -sm /srv | cut -f1", "stdout_regex": "^6[0-5]$"},
    ]
    task = _lab(tmp_path, checks)
    script = (
        "echo ok > /srv/before\n"
        "cat /dev/zero > /srv/fill; cat /dev/zero > /var/fill; cat /dev/zero > /tmp/fill\n"
        "dd if=/dev/zero of=/fill bs=1M count=10 || true\n"  # the root filesystem is read-only
        "echo ok > /etc/after\n"
    )
    report, took = await grade(docker_client, task, script)
    assert report.verdict is Verdict.AC, report
    assert took < 20


async def test_signals_to_pid_1_change_nothing(docker_client: Any, tmp_path: Path) -> None:
    task = _lab(tmp_path, [{"id": "flag", "points": 1, "file": "/srv/flag", "equals": "survived"}])
    script = (
        "for s in KILL TERM INT HUP QUIT STOP USR1 SEGV; do kill -$s 1; done\n"
        "echo survived > /srv/flag\n"
        "kill -9 -1\n"  # every process but PID 1 and this one
    )
    report, _ = await grade(docker_client, task, script)
    assert report.verdict is Verdict.AC, report


async def test_there_is_no_network(docker_client: Any, tmp_path: Path) -> None:
    checks = [
        {"id": "http", "points": 1, "file": "/srv/net", "contains": ["offline", "nodns"]},
        {"id": "links", "points": 1, "file": "/srv/links", "equals": "1"},
    ]
    task = _lab(tmp_path, checks)
    script = (
        "curl -sS -m 2 http://1.1.1.1/ > /srv/net 2>&1 || echo offline >> /srv/net\n"
        "getent hosts deb.debian.org >> /srv/net || echo nodns >> /srv/net\n"
        "ip -o link show | wc -l > /srv/links\n"
    )
    report, _ = await grade(docker_client, task, script)
    assert report.verdict is Verdict.AC, report


async def test_tampering_with_the_check_tools_has_no_effect(
    docker_client: Any, tmp_path: Path
) -> None:
    checks = [
        {"id": "id", "points": 1, "run": "id -nG root 2>&1", "stdout": "root"},
        {"id": "python", "points": 1, "run": "python3 -c 'print(6 * 7)' 2>&1", "stdout": "42"},
        {"id": "preload", "points": 1, "file": "/etc/ld.so.preload", "exists": False},
        {"id": "usr", "points": 1, "file": "/srv/usr-write", "contains": "Read-only"},
    ]
    task = _lab(tmp_path, checks)
    script = r"""
cp /bin/false /usr/bin/id 2> /srv/usr-write
mkdir -p /root/bin /opt/bin
printf '#!/bin/sh\necho root devops\n' | tee /root/bin/id /opt/bin/id > /dev/null
chmod +x /root/bin/id /opt/bin/id
echo 'export PATH=/root/bin:/opt/bin:$PATH' | tee -a /etc/profile /etc/bash.bashrc /root/.bashrc /root/.profile
echo 'PATH=/root/bin:/opt/bin' >> /etc/environment
echo 'BASH_ENV=/root/.bashrc' >> /etc/environment
cp /usr/lib/x86_64-linux-gnu/libc.so.6 /srv/evil.so
echo /srv/evil.so > /etc/ld.so.preload
echo /srv > /etc/ld.so.conf.d/evil.conf
mkdir -p /etc/python3.11 && echo 'print("hacked")' > /etc/python3.11/sitecustomize.py
echo done
"""
    report, _ = await grade(docker_client, task, script)
    assert report.verdict is Verdict.AC, report


async def test_processes_left_behind_are_killed_before_the_checks(
    docker_client: Any, tmp_path: Path
) -> None:
    checks = [
        {"id": "loop", "points": 1, "file": "/srv/flag1", "equals": "good"},
        {"id": "nohup", "points": 1, "file": "/srv/flag2", "equals": "good"},
        {"id": "setsid", "points": 1, "run": "sleep 2.5; cat /srv/flag3", "stdout": "good"},
        # (not bash: the check's own pipeline forks bash children before they exec ps and grep)
        {"id": "alone", "points": 1, "run": "ps -e -o comm= | grep -cxE 'sleep|sh'"},
    ]
    task = _lab(tmp_path, [*checks[:3], {**checks[3], "stdout": "0", "exit": "any"}])
    script = (
        "echo good | tee /srv/flag1 /srv/flag2 /srv/flag3\n"
        "(while :; do sleep 2; echo hacked > /srv/flag1; done) &\n"
        "nohup sh -c 'sleep 2; echo hacked > /srv/flag2' >/dev/null 2>&1 &\n"
        "setsid sh -c 'sleep 2; echo hacked > /srv/flag3' < /dev/null > /dev/null 2>&1 &\n"
        "disown -a\n"
    )
    report, _ = await grade(docker_client, task, script)
    assert report.verdict is Verdict.AC, report.items


async def test_symbolic_links_do_not_trick_the_checks(docker_client: Any, tmp_path: Path) -> None:
    checks = [
        {"id": "answer", "points": 1, "file": "/srv/answer.txt", "contains": "root:"},
        {"id": "app", "points": 1, "file": "/srv/app", "mode": "0755", "owner": "root"},
        {"id": "conf", "points": 1, "file": "/srv/conf", "contains": "x"},
    ]
    task = _lab(tmp_path, checks)
    script = (
        "ln -s /etc/shadow /srv/answer.txt\n"
        "ln -s /usr/lib /srv/app\n"
        "ln -s /proc/1/environ /srv/conf\n"
        "ln /etc/shadow /srv/hard 2>/dev/null || true\n"
    )
    report, _ = await grade(docker_client, task, script)
    assert report.verdict is Verdict.WA, report
    for item in report.items:
        assert "is a symbolic link" in item.feedback, item


async def test_a_flood_of_output_is_cut_off(docker_client: Any, tmp_path: Path) -> None:
    task = _lab(tmp_path, [{"id": "x", "points": 1, "file": "/srv/x", "exists": False}])
    task_json = json.loads((task / "dataset.json").read_text())
    task_json["lab"]["output_kb"] = 64
    (task / "dataset.json").write_text(json.dumps(task_json))
    report, took = await grade(docker_client, task, "head -c 3G /dev/zero\nyes flood\n")
    assert report.verdict is Verdict.OLE and report.score == 0
    assert "printed more than 64 KiB" in report.message
    assert took < 10


async def test_sleeping_forever_is_stopped(docker_client: Any, tmp_path: Path) -> None:
    task = _lab(tmp_path, [{"id": "x", "points": 1, "file": "/srv/x"}], time_s=1)
    report, took = await grade(docker_client, task, "touch /srv/x\nsleep infinity\n")
    assert report.verdict is Verdict.TLE and report.score == 0
    assert report.items[0].passed and report.items[0].score == 0
    assert took < 8


async def test_a_wrecked_system_still_gets_a_verdict(docker_client: Any, tmp_path: Path) -> None:
    checks = [
        {"id": "root", "points": 1, "user": "root"},
        {"id": "gone", "points": 1, "run": "test -e /etc/passwd", "exit": 1},
    ]
    task = _lab(tmp_path, checks)
    report, _ = await grade(
        docker_client, task, "rm -rf /etc/* /var/* /root/* /home/* 2>/dev/null\nexit 0\n"
    )
    assert report.verdict is Verdict.PA, report
    assert passed(report) == {"root": False, "gone": True}


async def test_running_out_of_memory_kills_the_scripts_process_not_the_lab(
    docker_client: Any, tmp_path: Path
) -> None:
    task = _lab(tmp_path, [{"id": "after", "points": 1, "file": "/srv/after", "equals": "yes"}])
    script = "python3 -c 'x = bytearray(2 << 30)'\necho yes > /srv/after\n"
    report, _ = await grade(docker_client, task, script)
    assert report.verdict is Verdict.AC, report
    assert "ran out of memory (the lab has 512 MiB)" in report.message


async def test_the_script_cannot_reach_the_driver_or_the_hidden_setup(
    docker_client: Any, tmp_path: Path
) -> None:
    checks = [
        {"id": "forge", "points": 1, "file": "/srv/forge", "contains": "Permission denied"},
        {"id": "peek", "points": 1, "file": "/srv/peek", "contains": "Permission denied"},
        {"id": "setup", "points": 1, "file": "/srv/found", "equals": ""},
    ]
    task = make_lab(
        tmp_path / "driver", {"checks": checks, "time_s": 3}, "echo marker-7f3a > /dev/null\n"
    )
    script = (
        """{ echo '{"setup": {"exit": 1}}' > /proc/1/fd/1; } 2> /srv/forge\n"""
        "cat /proc/1/environ /proc/1/mem > /dev/null 2> /srv/peek\n"
        'm=marker; grep -rl "$m-7f3a" /run /tmp /root /etc /srv /var > /srv/found\n'
        "exit 0\n"
    )
    report, _ = await grade(docker_client, task, script)
    assert report.verdict is Verdict.AC, report.items
