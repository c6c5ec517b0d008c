"""Deciding Linux checks from gathered facts, without Docker: cron tables, accounts, ACLs, each
kind of check, and how the script's fate (time, output, setup) shapes the report."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from pydantic import TypeAdapter

from ictjudge.errors import RunnerFailure
from ictjudge.labs import linux
from ictjudge.labs.linux import acl, machine
from ictjudge.labs.linux.accounts import Accounts
from ictjudge.labs.linux.crontab import jobs, parse_schedule
from ictjudge.labs.linux.evaluation import Context, evaluate
from ictjudge.labs.linux.feedback import normalised
from ictjudge.labs.linux.probes import check_job
from ictjudge.labs.linux.spec import AnyCheck, Check, LinuxLab
from ictjudge.wire import Verdict

PASSWD = """root:x:0:0:root:/root:/bin/bash
alice:x:3001:3000::/home/alice:/bin/bash
bob:x:3002:3002::/home/bob:/bin/sh
broken line
carol:x:3003:3003::/home/carol:/bin/bash
"""
GROUP = """root:x:0:
devops:x:3000:bob
bob:x:3002:
carol:x:3003:
auditors:x:4000:carol,bob
"""
ACCOUNTS = Accounts.parse(PASSWD, GROUP, {"alice": "set", "bob": "locked", "carol": "none"})


def check(data: dict[str, Any]) -> AnyCheck:
    result: AnyCheck = TypeAdapter(Check).validate_python({"id": "c", "points": 10, **data})
    return result


def feedback(data: dict[str, Any], facts: dict[str, Any] | None = None, **context: Any) -> str:
    """The check's feedback ('' when it passed)."""
    ctx = Context(ACCOUNTS, {"c": facts or {}}, context.get("cron", []))
    item = evaluate(check(data), ctx)
    assert item.passed == (item.feedback == "")
    assert item.score == (10 if item.passed else 0)
    return item.feedback


# -- cron ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("*/15 * * * *", "0,15,30,45 * * * *"),
        ("0 9-17 * * mon-fri", "0 9,10,11,12,13,14,15,16,17 * * 1-5"),
        ("0 0 * * 7", "0 0 * * 0"),
        ("@daily", "0 0 * * *"),
        ("@hourly", "0 * * * *"),
        ("0 0 1 JAN *", "@yearly"),
        ("30 2 */2 * *", "30 2 1-31/2 * *"),
    ],
)
def test_schedules_are_compared_by_the_times_they_match(one: str, other: str) -> None:
    assert parse_schedule(one) == parse_schedule(other)


@pytest.mark.parametrize(
    ("schedule", "reason"),
    [
        ("60 * * * *", "minute: 60 is outside 0-59"),
        ("* * * *", "five fields"),
        ("5-1 * * * *", "runs backwards"),
        ("*/0 * * * *", "bad step"),
        ("* * * foo *", "month: 'foo' is not a number"),
    ],
)
def test_bad_schedules_say_what_is_wrong(schedule: str, reason: str) -> None:
    with pytest.raises(ValueError, match=reason):
        parse_schedule(schedule)


def source(path: str, kind: str, content: str, **extra: Any) -> dict[str, Any]:
    name = path.rsplit("/", 1)[1] if kind != "system" else None
    return {
        "path": path,
        "kind": kind,
        "name": name,
        "regular": True,
        "uid": 0,
        "mode": 0o644,
        "content": content,
    } | extra


def test_cron_reads_only_the_files_cron_would_read() -> None:
    sources = [
        source("/etc/crontab", "system", "SHELL=/bin/sh\n17 * * * * root cd / && run-parts\n"),
        source("/etc/cron.d/backup", "crond", "# nightly\n30 2 * * * root /opt/backup.sh\n"),
        source("/etc/cron.d/clean.sh", "crond", "15 3 * * * root /opt/clean.sh\n"),
        source("/etc/cron.d/open", "crond", "@reboot root /opt/boot.sh\n", mode=0o666),
        source("/etc/cron.d/mine", "crond", "0 1 * * * root /opt/mine.sh\n", uid=3001),
        source("/etc/cron.d/tail", "crond", "0 4 * * * root /opt/tail.sh"),
        source("/var/spool/cron/crontabs/alice", "user", "*/5 * * * * /opt/a.sh\n", uid=3001),
        source("/var/spool/cron/crontabs/bob", "user", "*/5 * * * * /opt/b.sh\n", mode=0o600),
        source("/var/spool/cron/crontabs/carol", "user", "0 * * * * /c.sh\n", uid=3003, mode=0o600),
        source("/etc/cron.d/bad", "crond", "99 * * * * root /opt/bad.sh\n"),
    ]
    found = {job.command.split()[-1]: job for job in jobs(sources, ACCOUNTS.uids())}
    assert found["run-parts"].active and found["run-parts"].user == "root"
    assert found["/opt/backup.sh"].active
    assert "names have other characters" in found["/opt/clean.sh"].reason
    assert "writable by group or others" in found["/opt/boot.sh"].reason
    assert found["/opt/boot.sh"].schedule == "@reboot"
    assert "not owned by root" in found["/opt/mine.sh"].reason
    assert "no newline" in found["/opt/tail.sh"].reason
    assert "mode is 0644, and cron wants 0600" in found["/opt/a.sh"].reason
    assert "not owned by bob" in found["/opt/b.sh"].reason
    assert found["/c.sh"].active and found["/c.sh"].user == "carol"
    assert "minute: 99" in found["/opt/bad.sh"].reason


def test_cron_checks_explain_why_a_job_does_not_run() -> None:
    sources = [
        source("/etc/cron.d/backup.sh", "crond", "30 2 * * * root /opt/backup.sh --full\n"),
        source("/etc/cron.d/report", "crond", "0 8 * * 1-5 alice /opt/report.sh\n"),
    ]
    cron = jobs(sources, ACCOUNTS.uids())
    assert "cron ignores it: cron ignores files in /etc/cron.d" in feedback(
        {"cron": "/opt/backup.sh", "schedule": "30 2 * * *"}, cron=cron
    )
    assert feedback({"cron": "/opt/report.sh", "schedule": "0 8 * * mon-fri"}, cron=cron) == ""
    assert "runs it as alice, not root" in feedback(
        {"cron": "/opt/report.sh", "user": "root"}, cron=cron
    )
    assert "at other times than '0 9 * * *'" in feedback(
        {"cron": "/opt/report.sh", "schedule": "0 9 * * *"}, cron=cron
    )
    assert "No cron job runs a command containing" in feedback({"cron": "/x.sh"}, cron=cron)
    assert feedback({"cron": "/opt/backup.sh", "exists": False}, cron=cron) == ""
    assert "cron still runs it" in feedback({"cron": "report", "exists": False}, cron=cron)


# -- accounts and ACLs -----------------------------------------------------------------------


def test_groups_count_primary_and_supplementary_membership() -> None:
    assert ACCOUNTS.groups_of("alice") == {"devops"}  # primary group only
    assert ACCOUNTS.groups_of("bob") == {"bob", "devops", "auditors"}
    assert ACCOUNTS.members_of("devops") == {"alice", "bob"}
    assert ACCOUNTS.user_name(9999) == "9999" and ACCOUNTS.uid_of("3005") == 3005
    assert "broken" not in ACCOUNTS.users


def test_acl_entries_read_like_getfacl() -> None:
    raw = [
        ["user_obj", None, "rwx"],
        ["user", 3002, "r-x"],
        ["group_obj", None, "rwx"],
        ["group", 4000, "r-x"],
        ["group", 5555, "r--"],
        ["mask", None, "rwx"],
        ["other", None, "---"],
    ]
    present = acl.entries(raw, 0o2770, ACCOUNTS)
    assert present == [
        "user::rwx",
        "user:bob:r-x",
        "group::rwx",
        "group:auditors:r-x",
        "group:5555:r--",
        "mask::rwx",
        "other::---",
    ]
    assert acl.entries(None, 0o750, ACCOUNTS) == ["user::rwx", "group::r-x", "other::---"]
    assert acl.missing(["user:3002:r-x", "group:auditors:rwx"], present, ACCOUNTS) == [
        "group:auditors:rwx"
    ]
    assert acl.unwanted(["user:bob", "user:eve"], present, ACCOUNTS) == ["user:bob:r-x"]


# -- each kind of check ----------------------------------------------------------------------


DIRECTORY = {"exists": True, "type": "directory", "mode": 0o2770, "uid": 0, "gid": 3000}


def test_file_checks() -> None:
    wanted = {"file": "/srv/devops", "mode": "2770", "owner": "root", "group": "devops"}
    assert feedback(wanted, DIRECTORY) == ""
    assert "Its mode is 0755, not 2770." in feedback(wanted, {**DIRECTORY, "mode": 0o755})
    assert "Its group is bob, not devops." in feedback(wanted, {**DIRECTORY, "gid": 3002})
    assert "There is no group 'ops'." in feedback({**wanted, "group": "ops"}, DIRECTORY)
    missing = feedback(wanted, {"exists": False, "error": "No such file or directory"})
    assert missing == "/srv/devops does not exist (No such file or directory)."
    assert "is a directory, not a regular file" in feedback({**wanted, "type": "file"}, DIRECTORY)
    assert feedback({"file": "/x", "exists": False}, {"exists": False}) == ""
    assert "exists (a directory)" in feedback({"file": "/x", "exists": False}, DIRECTORY)


def test_a_symbolic_link_is_not_what_it_points_to() -> None:
    link = {"exists": True, "type": "symlink", "mode": 0o777, "uid": 0, "gid": 0, "target": "/"}
    said = feedback({"file": "/srv/app", "mode": "0755"}, link)
    assert "is a symbolic link to '/'; the task wants the real thing" in said
    assert feedback({"file": "/srv/app", "type": "symlink", "target": "/"}, link) == ""
    assert "points to '/'" in feedback({"file": "/a", "type": "symlink", "target": "/b"}, link)


def test_content_checks_never_reveal_the_expected_answer() -> None:
    answer = {"exists": True, "type": "file", "mode": 0o644, "uid": 0, "gid": 0}
    right = {**answer, "content": "372 10.8.0.23\n271 203.0.113.45  \n\n"}
    assert feedback({"file": "/a", "equals": "372 10.8.0.23\n271 203.0.113.45"}, right) == ""
    wrong = feedback({"file": "/a", "equals": "372 10.8.0.23\n999 SECRET"}, right)
    assert "line 2 reads '271 203.0.113.45'" in wrong and "SECRET" not in wrong
    assert "SECRET" not in feedback({"file": "/a", "regex": "^SECRET$"}, right)
    assert "does not contain 'needle'" in feedback({"file": "/a", "contains": "needle"}, right)
    assert "contains '10.8'" in feedback({"file": "/a", "not_contains": ["10.8"]}, right)
    assert "cannot be read as a text file" in feedback({"file": "/a", "contains": "x"}, answer)


def test_acl_checks() -> None:
    facts = {
        **DIRECTORY,
        "acl": [
            ["user_obj", None, "rwx"],
            ["user", 3002, "rwx"],
            ["group_obj", None, "rwx"],
            ["mask", None, "rwx"],
            ["other", None, "---"],
        ],
        "default_acl": None,
    }
    said = feedback({"file": "/s", "acl": ["user:bob:r-x"], "acl_absent": ["user:bob"]}, facts)
    assert "ACL entries missing: user:bob:r-x (it has user::rwx, user:bob:rwx," in said
    assert "should not be there: user:bob:rwx" in said
    assert "has no default ACL" in feedback({"file": "/s", "default_acl": ["group::r-x"]}, facts)


def test_run_checks() -> None:
    ran = {"exit": 0, "signal": None, "timed_out": False, "stdout": "devops\n", "stderr": ""}
    assert feedback({"run": "id -nG", "stdout": "devops"}, ran) == ""
    said = feedback({"run": "x", "exit": 1}, {**ran, "stderr": "touch: permission denied\n"})
    assert (
        said == "The command ended with exit status 0, not 1. It said: 'touch: permission denied'"
    )
    assert feedback({"run": "x", "exit": "any", "stdout": "devops"}, {**ran, "exit": 3}) == ""
    assert "killed by signal 9" in feedback({"run": "x"}, {**ran, "exit": None, "signal": 9})
    assert "ran longer than 5 s" in feedback({"run": "x"}, {**ran, "timed_out": True})
    assert "there is no user 'eve'" in feedback(
        {"run": "x", "as": "eve"}, {"error": "there is no user 'eve'"}
    )
    assert "has 'NOPASSWD: ALL', which it should not" in feedback(
        {"run": "sudo -l", "stdout_not_regex": "NOPASSWD: ALL"},
        {**ran, "stdout": "(ALL) NOPASSWD: ALL\n"},
    )


def test_service_checks() -> None:
    page = {"status": 200, "headers": {"server": "nginx/1.22.1"}, "body": "ok\n"}
    probe = {"http": "http://127.0.0.1:8080/health", "body": "ok", "start": "nginx"}
    assert feedback(probe, page) == ""
    assert "answered 404, not 200" in feedback(probe, {**page, "status": 404})
    assert "The server header is 'nginx/1.22.1'." in feedback(
        {**probe, "headers": {"Server": "^nginx$"}}, page
    )
    down = {"error": "ConnectionRefusedError", "service": {"port_ready": False, "exited": 1}}
    down["service"]["output"] = 'nginx: [emerg] unknown directive "lisen"'  # type: ignore[index]
    said = feedback(probe, down)
    assert "did not accept connections on 127.0.0.1:8080. It exited with status 1." in said
    assert "unknown directive" in said
    greeting = {"connected": True, "data": "SSH-2.0-OpenSSH_9.2p1\r\n"}
    assert feedback({"tcp": 2222, "expect_regex": "^SSH-2.0"}, greeting) == ""
    assert "accepts connections; it should not" in feedback({"tcp": 23, "open": False}, greeting)
    assert "Nothing accepts connections on port 2222" in feedback(
        {"tcp": 2222}, {"connected": False, "error": "Connection refused"}
    )


def test_packet_checks_want_the_same_outcome_every_time() -> None:
    wanted = {"packet": "tcp", "port": 22, "from": "10.1.2.3", "expect": "drop"}
    assert feedback(wanted, {"outcomes": ["drop", "drop"]}) == ""
    assert "TCP/22 from 10.1.2.3: drop, accept (the task wants drop)." in feedback(
        wanted, {"outcomes": ["drop", "accept"]}
    )
    assert "could not be sent" in feedback(wanted, {"error": "Operation not permitted"})


def test_user_and_group_checks() -> None:
    assert feedback({"user": "bob", "groups": ["devops", "auditors"], "password": "locked"}) == ""
    said = feedback({"user": "alice", "uid": 3000, "groups": ["wheel"], "shell": "/bin/sh"})
    assert "Its UID is 3001, not 3000." in said
    assert "It is not in wheel (its groups: devops)." in said
    assert "Its shell is /bin/bash, not /bin/sh." in said
    assert "Its password is set, not locked." in feedback({"user": "alice", "password": "locked"})
    assert feedback({"user": "eve", "exists": False}) == ""
    assert "still exists" in feedback({"user": "bob", "exists": False})
    assert feedback({"group": "devops", "gid": 3000, "members": ["alice", "bob"]}) == ""
    assert "carol not in it" in feedback({"group": "devops", "members": ["carol"]})
    assert "bob should not be in it" in feedback({"group": "auditors", "not_members": ["bob"]})
    assert "There is no group ops." in feedback({"group": "ops"})


def test_text_is_compared_without_trailing_spaces_and_blank_edges() -> None:
    assert normalised("\n a  \r\nb\t\n\n") == " a\nb"


# -- the report, with the containers replaced by what they would say -------------------------


LAB = {
    "setup": "lab/setup.sh",
    "boot": "nft -f /etc/nftables.conf",
    "checks": [
        {"id": "user", "points": 60, "user": "alice"},
        {"id": "file", "points": 40, "file": "/srv/x", "equals": "yes"},
    ],
}


def checks_report(**extra: Any) -> dict[str, Any]:
    return {
        "accounts": {"passwd": PASSWD, "group": GROUP, "shadow": {}},
        "facts": {"file": {"exists": True, "type": "file", "mode": 420, "content": "yes\n"}},
        "extract": {"exit": 0, "errors": ""},
        **extra,
    }


@pytest.fixture
def task(tmp_path: Path) -> Path:
    (tmp_path / "lab").mkdir()
    (tmp_path / "lab" / "setup.sh").write_text("useradd alice\n")
    (tmp_path / "dataset.json").write_text(json.dumps({"task_type": "linux", "lab": LAB}))
    return tmp_path


def fake_machine(
    monkeypatch: pytest.MonkeyPatch, lab: dict[str, Any], checks: dict[str, Any] | None
) -> list[dict[str, Any]]:
    jobs_seen: list[dict[str, Any]] = []

    def run(client: Any, image: str, spec: LinuxLab, lab_job: Any, job: Any) -> machine.Run:
        assert image == "ictarena/linux-lab:latest"
        jobs_seen.extend([lab_job, job])
        return machine.Run(lab, checks, {"total_ms": 1.0})

    monkeypatch.setattr(machine, "run", run)
    return jobs_seen


async def test_the_report_counts_every_check(monkeypatch: pytest.MonkeyPatch, task: Path) -> None:
    seen = fake_machine(monkeypatch, {"student": {"exit": 0}}, checks_report())
    report = await linux.grade(None, task, LinuxLab.model_validate(LAB), {"answer.sh": "true"})
    assert (report.verdict, report.score, report.max_score) == (Verdict.AC, 100, 100)
    lab_job, job = seen
    assert lab_job["setup"] == "useradd alice\n" and lab_job["script"] == "true"
    assert job["boot"] == "nft -f /etc/nftables.conf"
    assert [p["id"] for p in job["probes"]] == ["file"]


@pytest.mark.parametrize(
    ("student", "verdict", "message"),
    [
        ({"timed_out": True, "signal": 9}, Verdict.TLE, "still running after 10 s"),
        ({"output_exceeded": True, "output_bytes": 9 << 20}, Verdict.OLE, "more than 1024 KiB"),
    ],
    ids=["time", "output"],
)
async def test_a_script_that_breaks_a_limit_scores_nothing(
    monkeypatch: pytest.MonkeyPatch,
    task: Path,
    student: dict[str, Any],
    verdict: Verdict,
    message: str,
) -> None:
    fake_machine(monkeypatch, {"student": student}, checks_report())
    report = await linux.grade(None, task, LinuxLab.model_validate(LAB), {"a.sh": ""})
    assert (report.verdict, report.score) == (verdict, 0)
    assert message in report.message
    assert all(item.passed and item.score == 0 for item in report.items)


async def test_notes_on_the_script_and_the_boot(
    monkeypatch: pytest.MonkeyPatch, task: Path
) -> None:
    student = {"exit": 2, "output": "useradd: group 'wheel' does not exist\n", "oom_kills": 1}
    boot = {"exit": 1, "stderr": "/etc/nftables.conf:3:1-2: Error: syntax error"}
    facts = checks_report(boot=boot)
    facts["facts"]["file"]["content"] = "no"
    fake_machine(monkeypatch, {"student": student}, facts)
    report = await linux.grade(None, task, LinuxLab.model_validate(LAB), {"a.sh": ""})
    assert (report.verdict, report.score) == (Verdict.PA, 60)
    assert "exited with status 2" in report.message
    assert "group 'wheel' does not exist" in report.message
    assert "ran out of memory" in report.message
    assert "`nft -f /etc/nftables.conf`, and it failed" in report.message
    assert "syntax error" in report.message


async def test_a_failing_setup_is_our_failure(monkeypatch: pytest.MonkeyPatch, task: Path) -> None:
    fake_machine(monkeypatch, {"setup": {"exit": 1, "output": "useradd: bad"}}, None)
    with pytest.raises(RunnerFailure, match="setup script exited with 1: 'useradd: bad'"):
        await linux.grade(None, task, LinuxLab.model_validate(LAB), {"a.sh": ""})


async def test_a_missing_setup_file_is_our_failure(tmp_path: Path) -> None:
    with pytest.raises(RunnerFailure, match=r"lab/setup\.sh is unusable"):
        await linux.grade(None, tmp_path, LinuxLab.model_validate(LAB), {"a.sh": ""})


async def test_too_many_files_left_is_the_students_failure(
    monkeypatch: pytest.MonkeyPatch, task: Path
) -> None:
    def run(*args: Any) -> machine.Run:
        raise machine.StateTooLarge("more than 320 MiB")

    monkeypatch.setattr(machine, "run", run)
    report = await linux.grade(None, task, LinuxLab.model_validate(LAB), {"a.sh": ""})
    assert (report.verdict, report.score) == (Verdict.OLE, 0)
    assert "too many files" in report.message


def test_the_check_job_lists_a_probe_per_check_that_needs_one() -> None:
    lab = LinuxLab.model_validate(
        {
            "capabilities": ["NET_ADMIN", "NET_RAW"],
            "checks": [
                {"id": "u", "points": 1, "user": "root"},
                {"id": "c", "points": 1, "cron": "x"},
                {"id": "h", "points": 1, "http": "http://localhost:8080/", "start": "nginx"},
                {"id": "t", "points": 1, "tcp": 22, "open": False, "start": "sshd"},
                {"id": "p", "points": 1, "packet": "udp", "port": 53, "expect": "drop"},
            ],
        }
    )
    job = check_job(lab)
    assert job["cron"] is True and job["accounts"] is True
    probes = {p["id"]: p for p in job["probes"]}
    assert set(probes) == {"h", "t", "p"}
    assert probes["h"]["wait_port"] == 8080 and probes["h"]["host"] == "127.0.0.1:8080"
    assert probes["t"]["wait_port"] is None  # a port that must stay closed is not waited for
    assert probes["p"] | {"timeout_s": 0} == {
        "id": "p",
        "probe": "packet",
        "proto": "udp",
        "port": 53,
        "source": "203.0.113.7",
        "repeat": 2,
        "timeout_s": 0,
    }
