"""The ``lab`` section of Linux tasks: what is accepted, and errors that say where and why."""

from __future__ import annotations

from typing import Any

import pytest
import yaml
from pydantic import ValidationError

from ictarena.catalog.packages.errors import Problems
from ictarena.catalog.packages.files import validate
from ictjudge.labs import answer_files, lab_model
from ictjudge.labs.linux.spec import FileCheck, HttpCheck, LinuxLab, PacketCheck, RunCheck


def errors(lab: dict[str, Any]) -> list[tuple[str, str]]:
    """(location, message) of each validation error, tags of the check kinds left out."""
    with pytest.raises(ValidationError) as caught:
        LinuxLab.model_validate(lab)
    return [
        (
            ".".join(str(p) for p in e["loc"] if not str(p).startswith("[")),
            str(e["msg"]).removeprefix("Value error, "),
        )
        for e in caught.value.errors(include_url=False)
    ]


def test_the_registry_knows_linux_labs() -> None:
    assert lab_model("linux") is LinuxLab
    files = answer_files("linux", {"checks": [{"id": "a", "points": 1, "user": "root"}]})
    assert [(f.name, f.syntax) for f in files] == [("answer.sh", "shell")]


def test_every_kind_of_check_is_recognised_by_its_key() -> None:
    lab = LinuxLab.model_validate(
        {
            "capabilities": ["NET_ADMIN", "NET_RAW"],
            "checks": [
                {"id": "r", "points": 1, "run": "id", "as": "alice", "exit": "any"},
                {"id": "h", "points": 1, "http": "http://127.0.0.1:8080/x?y=1", "start": "srv"},
                {"id": "t", "points": 1, "tcp": 22, "open": False},
                {"id": "p", "points": 1, "packet": "tcp", "port": 22, "expect": "drop"},
                {"id": "f", "points": 1, "file": "/srv", "group": "devops", "mode": "2770"},
                {"id": "c", "points": 1, "cron": "backup", "user": "root", "schedule": "@daily"},
                {"id": "u", "points": 1, "user": "alice", "groups": ["devops"]},
                {"id": "g", "points": 1, "group": "devops", "members": ["alice"]},
            ],
        }
    )
    kinds = [type(c).__name__ for c in lab.checks]
    assert kinds == [
        "RunCheck",
        "HttpCheck",
        "TcpCheck",
        "PacketCheck",
        "FileCheck",
        "CronCheck",
        "UserCheck",
        "GroupCheck",
    ]
    run, http, *_ = lab.checks
    assert isinstance(run, RunCheck) and run.as_ == "alice"
    assert isinstance(http, HttpCheck) and (http.port, http.target) == (8080, "/x?y=1")
    assert lab.added_capabilities == [
        "CHOWN",
        "DAC_OVERRIDE",
        "FOWNER",
        "FSETID",
        "KILL",
        "NET_ADMIN",
        "NET_RAW",
        "SETGID",
        "SETUID",
    ]


def test_a_title_is_bilingual_or_one_text_for_both() -> None:
    check = FileCheck.model_validate(
        {"id": "a", "points": 1, "file": "/a", "title": {"en": "Home", "zh": "主目录"}}
    )
    assert check.name == "Home"
    assert check.title is not None and check.title.get("zh_Hans") == "主目录"
    assert (
        FileCheck.model_validate({"id": "a", "points": 1, "file": "/a", "title": "x"}).name == "x"
    )
    assert FileCheck.model_validate({"id": "a", "points": 1, "file": "/a"}).name == "a"


CHECK = {"id": "c", "points": 10}


@pytest.mark.parametrize(
    ("lab", "location", "message"),
    [
        ({"checks": []}, "checks", "at least 1 item"),
        ({"checks": [{**CHECK, "stat": "/a"}]}, "checks.0", "a check needs one of: run, http"),
        ({"checks": [{**CHECK, "file": "/a", "mdoe": "0750"}]}, "checks.0.mdoe", "Extra inputs"),
        (
            {"checks": [{**CHECK, "file": "/a", "mode": 488}]},
            "checks.0.mode",
            "write a mode as a quoted octal string, e.g. '0750'",
        ),
        ({"checks": [{**CHECK, "file": "/a", "mode": "0980"}]}, "checks.0.mode", "not an octal"),
        ({"checks": [{**CHECK, "file": "srv/a"}]}, "checks.0.file", "should match pattern '^/'"),
        (
            {"checks": [{**CHECK, "file": "/a", "exists": False, "mode": "0700"}]},
            "checks.0",
            "a file that must not exist has no other properties to check",
        ),
        (
            {"checks": [{**CHECK, "file": "/a", "acl": ["u:bob:rx"]}]},
            "checks.0.acl",
            "'u:bob:rx' is not an ACL entry like 'user:alice:r-x'",
        ),
        (
            {"checks": [{**CHECK, "run": "id", "stdout_regex": "(unclosed"}]},
            "checks.0.stdout_regex",
            "not a valid regular expression",
        ),
        (
            {"checks": [{**CHECK, "http": "http://example.com/"}]},
            "checks.0.http",
            "an http check reaches the lab itself",
        ),
        (
            {"checks": [{**CHECK, "cron": "x", "schedule": "61 * * * *"}]},
            "checks.0.schedule",
            "minute: 61 is outside 0-59",
        ),
        (
            {"checks": [{**CHECK, "cron": "x", "schedule": "every day"}]},
            "checks.0.schedule",
            "a schedule has five fields or is an @alias",
        ),
        (
            {"checks": [{**CHECK, "packet": "tcp", "expect": "drop"}]},
            "checks.0",
            "tcp and udp packets need a port",
        ),
        (
            {"checks": [{**CHECK, "packet": "icmp", "expect": "accept"}]},
            "",
            "packet checks (c) need capabilities: NET_ADMIN, NET_RAW",
        ),
        (
            {"capabilities": ["SYS_ADMIN"], "checks": [{**CHECK, "user": "root"}]},
            "capabilities.0",
            "Input should be 'AUDIT_WRITE'",
        ),
        (
            {"checks": [{**CHECK, "user": "root"}, {**CHECK, "group": "root"}]},
            "",
            "two checks have the id 'c'",
        ),
        ({"setup": "../etc/passwd", "checks": [{**CHECK, "user": "x"}]}, "setup", "inside"),
        ({"image": "judge-runtime", "checks": [{**CHECK, "user": "x"}]}, "image", "linux-"),
        ({"time_s": 500, "checks": [{**CHECK, "user": "x"}]}, "time_s", "less than or equal"),
        ({"checks": [{**CHECK, "user": "Bad Name"}]}, "checks.0.user", "should match pattern"),
    ],
    ids=[
        "no-checks",
        "unknown-kind",
        "misspelt-option",
        "mode-as-number",
        "mode-not-octal",
        "relative-path",
        "absent-with-properties",
        "bad-acl-entry",
        "bad-regex",
        "http-elsewhere",
        "schedule-out-of-range",
        "schedule-words",
        "packet-without-port",
        "packet-without-capabilities",
        "dangerous-capability",
        "duplicate-ids",
        "setup-escapes",
        "foreign-image",
        "time-limit",
        "user-name",
    ],
)
def test_bad_labs_are_refused_with_the_reason(
    lab: dict[str, Any], location: str, message: str
) -> None:
    found = errors(lab)
    assert any(loc == location and message in text for loc, text in found), found


def test_errors_are_located_in_task_yaml() -> None:
    source = """\
id: x
lab:
  checks:
    - id: home
      points: 10
      file: /home/alice
      mode: 0750
    - id: job
      points: 10
      cron: /opt/backup.sh
      schedule: "30 25 * * *"
"""
    node = yaml.compose(source, Loader=yaml.SafeLoader)
    problems = Problems("task")
    data = yaml.safe_load(source)["lab"]
    assert validate(LinuxLab, data, "task.yaml", problems, node, prefix=("lab",)) is None
    shown = [str(p) for p in problems.errors]
    assert any(
        "task.yaml:7" in p and "lab.checks.0.mode" in p and "quoted octal" in p for p in shown
    ), shown
    assert any(
        "task.yaml:11" in p and "lab.checks.1.schedule" in p and "hour: 25" in p for p in shown
    ), shown


def test_packets_come_from_another_host() -> None:
    with pytest.raises(ValidationError, match="another host than the lab"):
        PacketCheck.model_validate(
            {**CHECK, "packet": "icmp", "from": "198.51.100.10", "expect": "accept"}
        )
