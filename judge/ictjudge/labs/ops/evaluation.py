"""Deciding each check from the facts the check container gathered (pure: no Docker).

Every check becomes one :class:`ItemResult`. A failed item's feedback is the task's own hint
(``feedback``) followed by what was found. Feedback names what the statement asks for (a mode,
an owner, a group, a text that must be ``contains``-ed) but never reveals an expected answer:
for ``equals``, ``stdout`` and the regular expressions it shows what the student's system
produced, not what was expected.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from ictjudge.labs.ops import acl
from ictjudge.labs.ops.accounts import Accounts
from ictjudge.labs.ops.crontab import Job, jobs, parse_schedule
from ictjudge.labs.ops.spec import (
    AnyCheck,
    CronCheck,
    FileCheck,
    GroupCheck,
    HttpCheck,
    PacketCheck,
    RunCheck,
    TcpCheck,
    UserCheck,
    localized,
    texts,
)
from ictjudge.labs.report import ItemResult


@dataclass
class Context:
    """What every check may look at: the accounts, the cron jobs, each probe's facts."""

    accounts: Accounts = field(default_factory=Accounts)
    facts: dict[str, dict[str, Any]] = field(default_factory=dict)
    cron: list[Job] = field(default_factory=list)

    @classmethod
    def from_report(cls, report: dict[str, Any]) -> Context:
        """From the check driver's JSON report."""
        raw = report.get("accounts") or {}
        accounts = Accounts.parse(
            str(raw.get("passwd", "")), str(raw.get("group", "")), raw.get("shadow") or {}
        )
        facts = report.get("facts") or {}
        return cls(accounts, facts, jobs(report.get("cron") or [], accounts.uids()))


def normalised(text: str) -> str:
    """Without trailing spaces on each line and without blank lines around."""
    lines = [line.rstrip() for line in text.replace("\r\n", "\n").split("\n")]
    return "\n".join(lines).strip("\n")


def excerpt(text: str, limit: int = 200) -> str:
    text = text.strip()
    return repr(text if len(text) <= limit else text[:limit] + "…")


def _first_difference(got: str, want: str) -> str:
    have, need = normalised(got).split("\n"), normalised(want).split("\n")
    for number, (a, b) in enumerate(zip(have, need, strict=False), start=1):
        if a != b:
            return f"line {number} reads {excerpt(a, 120)}, which is not what is expected"
    if len(have) < len(need):
        return f"it has {len(have)} line(s); more are expected"
    return f"it has {len(have)} line(s); fewer are expected"


def _text_problems(
    got: str,
    what: str,
    *,
    exact: str | None = None,
    contains: str | list[str] | None = None,
    not_contains: str | list[str] | None = None,
    regex: str | None = None,
    not_regex: str | None = None,
) -> list[str]:
    problems = []
    if exact is not None and normalised(got) != normalised(exact):
        problems.append(f"{what}: {_first_difference(got, exact)}")
    for text in texts(contains):
        if text not in got:
            problems.append(f"{what} does not contain {excerpt(text, 80)}")
    for text in texts(not_contains):
        if text in got:
            problems.append(f"{what} contains {excerpt(text, 80)}")
    if regex is not None and not re.search(regex, got, re.MULTILINE):
        problems.append(f"{what} is not as expected: {excerpt(got)}")
    if not_regex is not None:
        found = re.search(not_regex, got, re.MULTILINE)
        if found:
            problems.append(f"{what} has {excerpt(found.group(0), 80)}, which it should not")
    return problems


def _service_problems(facts: dict[str, Any], wait_port: int | None) -> list[str]:
    service = facts.get("service")
    if not service or service.get("port_ready", True):
        return []
    said = str(service.get("output", "")).strip()
    exited = service.get("exited")
    how = f" (it exited with status {exited})" if exited is not None else ""
    return [
        f"the service did not accept connections on 127.0.0.1:{wait_port}{how}"
        + (f"; it said: {excerpt(said, 300)}" if said else "")
    ]


def _run(check: RunCheck, facts: dict[str, Any]) -> list[str]:
    if "error" in facts:
        return [str(facts["error"])]
    problems = _service_problems(facts, check.wait_port)
    if problems:
        return problems
    if facts.get("timed_out"):
        return [f"the command ran longer than {check.timeout_s:g} s"]
    stdout, stderr = str(facts.get("stdout", "")), str(facts.get("stderr", ""))
    if check.exit != "any" and facts.get("exit") != check.exit:
        status = (
            f"killed by signal {facts['signal']}"
            if facts.get("signal")
            else f"exit status {facts.get('exit')}"
        )
        said = f": {excerpt(stderr or stdout, 300)}" if (stderr or stdout).strip() else ""
        problems.append(f"the command ended with {status}, not {check.exit}{said}")
    problems += _text_problems(
        stdout,
        "the output",
        exact=check.stdout,
        contains=check.stdout_contains,
        not_contains=check.stdout_not_contains,
        regex=check.stdout_regex,
        not_regex=check.stdout_not_regex,
    )
    problems += _text_problems(stderr, "the error output", regex=check.stderr_regex)
    return problems


def _http(check: HttpCheck, facts: dict[str, Any]) -> list[str]:
    problems = _service_problems(facts, check.wait_port or check.port)
    if problems:
        return problems
    if "error" in facts:
        return [f"GET {check.http} failed: {facts['error']}"]
    if check.status is not None and facts.get("status") != check.status:
        problems.append(f"GET {check.http} answered {facts.get('status')}, not {check.status}")
    received = facts.get("headers") or {}
    for name, pattern in check.headers.items():
        value = received.get(name)
        if value is None:
            problems.append(f"the response has no {name} header")
        elif not re.search(pattern, str(value)):
            problems.append(f"the {name} header is {excerpt(str(value), 120)}")
    problems += _text_problems(
        str(facts.get("body", "")),
        "the response body",
        exact=check.body,
        contains=check.body_contains,
        regex=check.body_regex,
    )
    return problems


def _tcp(check: TcpCheck, facts: dict[str, Any]) -> list[str]:
    problems = _service_problems(facts, check.wait_port or check.tcp) if check.open else []
    if problems:
        return problems
    connected = bool(facts.get("connected"))
    if not check.open:
        return [f"port {check.tcp} accepts connections; it should not"] if connected else []
    if not connected:
        return [f"nothing accepts connections on port {check.tcp} ({facts.get('error', '')})"]
    if check.expect_regex and not re.search(check.expect_regex, str(facts.get("data", ""))):
        return [f"the service answered {excerpt(str(facts.get('data', '')))}"]
    return []


KIND_NAMES = {"file": "a regular file", "directory": "a directory", "symlink": "a symbolic link"}


def _packet(check: PacketCheck, facts: dict[str, Any]) -> list[str]:
    if "error" in facts:
        return [f"the packet could not be sent: {facts['error']}"]
    outcomes = [str(o) for o in facts.get("outcomes") or []]
    what = f"{check.packet.upper()}" + (f" port {check.port}" if check.port else " echo request")
    wrong = [o for o in outcomes if o != check.expect]
    if not outcomes or wrong:
        seen = ", ".join(outcomes) or "nothing"
        return [f"{what} from {check.from_}: {seen} (the task wants {check.expect})"]
    return []


def _kind(facts: dict[str, Any]) -> str:
    kind = str(facts.get("type"))
    if kind == "symlink":
        return f"a symbolic link to {facts.get('target')!r}"
    return KIND_NAMES.get(kind, "a special file")


def _file(check: FileCheck, facts: dict[str, Any], accounts: Accounts) -> list[str]:
    if not check.exists:
        return [f"{check.file} exists ({_kind(facts)})"] if facts.get("exists") else []
    if not facts.get("exists"):
        reason = facts.get("error")
        return [f"{check.file} does not exist" + (f" ({reason})" if reason else "")]
    actual = facts.get("type")
    if check.type is not None and actual != check.type:
        return [f"{check.file} is {_kind(facts)}, not {KIND_NAMES[check.type]}"]
    if actual == "symlink" and check.type != "symlink":
        return [f"{check.file} is {_kind(facts)}; the task wants the real thing at that path"]
    problems = []
    mode = int(facts.get("mode", 0))
    if check.mode is not None and mode != int(check.mode, 8):
        problems.append(f"its mode is {mode:04o}, not {int(check.mode, 8):04o}")
    for label, want, have, lookup, name in (
        ("owner", check.owner, facts.get("uid"), accounts.uid_of, accounts.user_name),
        ("group", check.group, facts.get("gid"), accounts.gid_of, accounts.group_name),
    ):
        if want is None:
            continue
        expected = lookup(want)
        if expected is None:
            problems.append(f"there is no {'user' if label == 'owner' else 'group'} {want!r}")
        elif expected != have:
            problems.append(f"its {label} is {name(int(have or 0))}, not {want}")
    if check.target is not None and facts.get("target") != check.target:
        problems.append(f"it points to {facts.get('target')!r}, not {check.target!r}")
    if check.acl or check.acl_absent:
        present = acl.entries(facts.get("acl"), mode, accounts)
        lacking = acl.missing(check.acl, present, accounts)
        if lacking:
            problems.append(
                f"ACL entries missing: {', '.join(lacking)} (it has {', '.join(present)})"
            )
        extra = acl.unwanted(check.acl_absent, present, accounts)
        if extra:
            problems.append(f"ACL entries that should not be there: {', '.join(extra)}")
    if check.default_acl:
        raw = facts.get("default_acl")
        if raw is None:
            problems.append(f"{check.file} has no default ACL")
        else:
            present = acl.entries(raw, mode, accounts)
            lacking = acl.missing(check.default_acl, present, accounts)
            if lacking:
                problems.append(
                    f"default ACL entries missing: {', '.join(lacking)} "
                    f"(it has {', '.join(present)})"
                )
    if check.reads_content:
        content = facts.get("content")
        if not isinstance(content, str):
            problems.append(f"{check.file} cannot be read as a text file")
        else:
            problems += _text_problems(
                content,
                "the file",
                exact=check.equals,
                contains=check.contains,
                not_contains=check.not_contains,
                regex=check.regex,
            )
    return problems


def _user(check: UserCheck, accounts: Accounts) -> list[str]:
    user = accounts.users.get(check.user)
    if not check.exists:
        return [f"the user {check.user} still exists"] if user else []
    if user is None:
        return [f"there is no user {check.user}"]
    problems = []
    if check.uid is not None and user.uid != check.uid:
        problems.append(f"its UID is {user.uid}, not {check.uid}")
    primary = accounts.group_name(user.gid)
    if check.primary_group is not None and primary != check.primary_group:
        problems.append(f"its primary group is {primary}, not {check.primary_group}")
    groups = accounts.groups_of(check.user)
    lacking = [g for g in check.groups if g not in groups]
    if lacking:
        problems.append(
            f"it is not in {', '.join(lacking)} (its groups: {', '.join(sorted(groups))})"
        )
    extra = [g for g in check.not_groups if g in groups]
    if extra:
        problems.append(f"it is in {', '.join(extra)}")
    if check.shell is not None and user.shell != check.shell:
        problems.append(f"its shell is {user.shell or '(none)'}, not {check.shell}")
    if check.home is not None and user.home != check.home:
        problems.append(f"its home is {user.home or '(none)'}, not {check.home}")
    state = accounts.passwords.get(check.user, "none")
    if check.password is not None and state != check.password:
        problems.append(f"its password is {state}, not {check.password}")
    return problems


def _group(check: GroupCheck, accounts: Accounts) -> list[str]:
    group = accounts.groups.get(check.group)
    if not check.exists:
        return [f"the group {check.group} still exists"] if group else []
    if group is None:
        return [f"there is no group {check.group}"]
    problems = []
    if check.gid is not None and group.gid != check.gid:
        problems.append(f"its GID is {group.gid}, not {check.gid}")
    members = accounts.members_of(check.group)
    lacking = [m for m in check.members if m not in members]
    if lacking:
        problems.append(f"{', '.join(lacking)} not in it (members: {', '.join(sorted(members))})")
    extra = [m for m in check.not_members if m in members]
    if extra:
        problems.append(f"{', '.join(extra)} should not be in it")
    return problems


def _cron(check: CronCheck, found: list[Job]) -> list[str]:
    wanted = " ".join(check.cron.split())
    matching = [job for job in found if wanted in " ".join(job.command.split())]
    schedule = parse_schedule(check.schedule) if check.schedule else None
    fits = [
        job
        for job in matching
        if (check.user is None or job.user == check.user)
        and (schedule is None or job.schedule == schedule)
    ]
    active = [job for job in fits if job.active]
    if not check.exists:
        return [f"cron still runs it ({active[0].path} line {active[0].line})"] if active else []
    if active:
        return []
    if fits:
        job = fits[0]
        return [f"{job.path} line {job.line} has it, but cron ignores it: {job.reason}"]
    if matching:
        job = matching[0]
        if check.user is not None and job.user != check.user:
            return [f"{job.path} line {job.line} runs it as {job.user}, not {check.user}"]
        return [f"{job.path} line {job.line} runs it at other times than {check.schedule!r}"]
    return [f"no cron job runs a command containing {check.cron!r}"]


def problems(check: AnyCheck, context: Context) -> list[str]:
    """What is wrong, in words for the student (empty: the check passed)."""
    facts = context.facts.get(check.id, {})
    if isinstance(check, RunCheck):
        return _run(check, facts)
    if isinstance(check, HttpCheck):
        return _http(check, facts)
    if isinstance(check, TcpCheck):
        return _tcp(check, facts)
    if isinstance(check, PacketCheck):
        return _packet(check, facts)
    if isinstance(check, FileCheck):
        return _file(check, facts, context.accounts)
    if isinstance(check, UserCheck):
        return _user(check, context.accounts)
    if isinstance(check, GroupCheck):
        return _group(check, context.accounts)
    return _cron(check, context.cron)


def evaluate(check: AnyCheck, context: Context) -> ItemResult:
    """The assessment item of ``check``."""
    found = problems(check, context)
    feedback = ""
    if found:
        hint = localized(check.feedback)
        detail = "; ".join(found)
        feedback = f"{hint} — {detail}" if hint else detail
    return ItemResult(
        name=check.name,
        passed=not found,
        points=check.points,
        score=0 if found else check.points,
        feedback=feedback[:2000],
    )
