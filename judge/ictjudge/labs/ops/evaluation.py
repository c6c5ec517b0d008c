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
    texts,
)
from ictjudge.labs.report import ItemResult
from ictjudge.texts import N_, Note, Text, note, said


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


def _first_difference(got: str, want: str) -> Note:
    have, need = normalised(got).split("\n"), normalised(want).split("\n")
    for number, (a, b) in enumerate(zip(have, need, strict=False), start=1):
        if a != b:
            key = N_("line %(number)s reads %(text)s, which is not what is expected")
            return note(key, number=number, text=excerpt(a, 120))
    if len(have) < len(need):
        return note(N_("it has %(count)s line(s); more are expected"), count=len(have))
    return note(N_("it has %(count)s line(s); fewer are expected"), count=len(have))


def _text_problems(
    got: str,
    what: Note,
    *,
    exact: str | None = None,
    contains: str | list[str] | None = None,
    not_contains: str | list[str] | None = None,
    regex: str | None = None,
    not_regex: str | None = None,
) -> list[Note]:
    problems = []
    if exact is not None and normalised(got) != normalised(exact):
        difference = _first_difference(got, exact)
        problems.append(
            note(N_("%(what)s differs: %(difference)s."), what=what, difference=difference)
        )
    for text in texts(contains):
        if text not in got:
            key = N_("%(what)s does not contain %(text)s.")
            problems.append(note(key, what=what, text=excerpt(text, 80)))
    for text in texts(not_contains):
        if text in got:
            problems.append(
                note(N_("%(what)s contains %(text)s."), what=what, text=excerpt(text, 80))
            )
    if regex is not None and not re.search(regex, got, re.MULTILINE):
        key = N_("%(what)s is not as expected: %(text)s.")
        problems.append(note(key, what=what, text=excerpt(got)))
    if not_regex is not None:
        found = re.search(not_regex, got, re.MULTILINE)
        if found:
            key = N_("%(what)s has %(text)s, which it should not.")
            problems.append(note(key, what=what, text=excerpt(found.group(0), 80)))
    return problems


def _service_problems(facts: dict[str, Any], wait_port: int | None) -> list[Note]:
    service = facts.get("service")
    if not service or service.get("port_ready", True):
        return []
    said = str(service.get("output", "")).strip()
    exited = service.get("exited")
    found = [
        note(
            N_("The service did not accept connections on 127.0.0.1:%(port)s."), port=str(wait_port)
        )
    ]
    if exited is not None:
        found.append(note(N_("It exited with status %(status)s."), status=exited))
    if said:
        found.append(note(N_("It said: %(text)s"), text=excerpt(said, 300)))
    return found


def _run(check: RunCheck, facts: dict[str, Any]) -> list[Note]:
    if "error" in facts:
        return [_verbatim(str(facts["error"]))]
    problems = _service_problems(facts, check.wait_port)
    if problems:
        return problems
    if facts.get("timed_out"):
        return [
            note(N_("The command ran longer than %(seconds)s s."), seconds=f"{check.timeout_s:g}")
        ]
    stdout, stderr = str(facts.get("stdout", "")), str(facts.get("stderr", ""))
    if check.exit != "any" and facts.get("exit") != check.exit:
        if facts.get("signal"):
            key = N_(
                "The command was killed by signal %(signal)s, instead of exiting with %(want)s."
            )
            problems.append(note(key, signal=facts["signal"], want=check.exit))
        else:
            key = N_("The command ended with exit status %(status)s, not %(want)s.")
            problems.append(note(key, status=str(facts.get("exit")), want=check.exit))
        if (stderr or stdout).strip():
            problems.append(note(N_("It said: %(text)s"), text=excerpt(stderr or stdout, 300)))
    problems += _text_problems(
        stdout,
        note(N_("The output")),
        exact=check.stdout,
        contains=check.stdout_contains,
        not_contains=check.stdout_not_contains,
        regex=check.stdout_regex,
        not_regex=check.stdout_not_regex,
    )
    problems += _text_problems(stderr, note(N_("The error output")), regex=check.stderr_regex)
    return problems


def _http(check: HttpCheck, facts: dict[str, Any]) -> list[Note]:
    problems = _service_problems(facts, check.wait_port or check.port)
    if problems:
        return problems
    if "error" in facts:
        return [
            note(N_("GET %(url)s failed: %(error)s"), url=check.http, error=str(facts["error"]))
        ]
    if check.status is not None and facts.get("status") != check.status:
        key = N_("GET %(url)s answered %(status)s, not %(want)s.")
        problems.append(
            note(key, url=check.http, status=str(facts.get("status")), want=check.status)
        )
    received = facts.get("headers") or {}
    for name, pattern in check.headers.items():
        value = received.get(name)
        if value is None:
            problems.append(note(N_("The response has no %(name)s header."), name=name))
        elif not re.search(pattern, str(value)):
            key = N_("The %(name)s header is %(value)s.")
            problems.append(note(key, name=name, value=excerpt(str(value), 120)))
    problems += _text_problems(
        str(facts.get("body", "")),
        note(N_("The response body")),
        exact=check.body,
        contains=check.body_contains,
        regex=check.body_regex,
    )
    return problems


def _tcp(check: TcpCheck, facts: dict[str, Any]) -> list[Note]:
    problems = _service_problems(facts, check.wait_port or check.tcp) if check.open else []
    if problems:
        return problems
    connected = bool(facts.get("connected"))
    if not check.open:
        key = N_("Port %(port)s accepts connections; it should not.")
        return [note(key, port=check.tcp)] if connected else []
    if not connected:
        key = N_("Nothing accepts connections on port %(port)s (%(error)s).")
        return [note(key, port=check.tcp, error=str(facts.get("error", "")))]
    if check.expect_regex and not re.search(check.expect_regex, str(facts.get("data", ""))):
        return [
            note(N_("The service answered %(text)s."), text=excerpt(str(facts.get("data", ""))))
        ]
    return []


KIND_NAMES = {
    "file": N_("a regular file"),
    "directory": N_("a directory"),
    "symlink": N_("a symbolic link"),
}


def _packet(check: PacketCheck, facts: dict[str, Any]) -> list[Note]:
    if "error" in facts:
        return [note(N_("The packet could not be sent: %(error)s"), error=str(facts["error"]))]
    outcomes = [str(o) for o in facts.get("outcomes") or []]
    what = f"{check.packet.upper()}/{check.port}" if check.port else f"{check.packet.upper()} echo"
    wrong = [o for o in outcomes if o != check.expect]
    if not outcomes or wrong:
        seen = ", ".join(outcomes) or "-"
        key = N_("%(what)s from %(source)s: %(seen)s (the task wants %(want)s).")
        return [note(key, what=what, source=str(check.from_), seen=seen, want=check.expect)]
    return []


def _kind(facts: dict[str, Any]) -> Note:
    kind = str(facts.get("type"))
    if kind == "symlink":
        return note(N_("a symbolic link to %(target)s"), target=repr(facts.get("target")))
    return note(KIND_NAMES.get(kind, N_("a special file")))


def _file(check: FileCheck, facts: dict[str, Any], accounts: Accounts) -> list[Note]:
    path = check.file
    if not check.exists:
        key = N_("%(path)s exists (%(kind)s).")
        return [note(key, path=path, kind=_kind(facts))] if facts.get("exists") else []
    if not facts.get("exists"):
        reason = facts.get("error")
        if reason:
            return [
                note(N_("%(path)s does not exist (%(reason)s)."), path=path, reason=str(reason))
            ]
        return [note(N_("%(path)s does not exist."), path=path)]
    actual = facts.get("type")
    if check.type is not None and actual != check.type:
        key = N_("%(path)s is %(kind)s, not %(want)s.")
        return [note(key, path=path, kind=_kind(facts), want=note(KIND_NAMES[check.type]))]
    if actual == "symlink" and check.type != "symlink":
        key = N_("%(path)s is %(kind)s; the task wants the real thing at that path.")
        return [note(key, path=path, kind=_kind(facts))]
    problems = []
    mode = int(facts.get("mode", 0))
    if check.mode is not None and mode != int(check.mode, 8):
        key = N_("Its mode is %(mode)s, not %(want)s.")
        problems.append(note(key, mode=f"{mode:04o}", want=f"{int(check.mode, 8):04o}"))
    if check.owner is not None:
        expected = accounts.uid_of(check.owner)
        if expected is None:
            problems.append(note(N_("There is no user %(name)s."), name=repr(check.owner)))
        elif expected != facts.get("uid"):
            have = accounts.user_name(int(facts.get("uid") or 0))
            key = N_("Its owner is %(have)s, not %(want)s.")
            problems.append(note(key, have=have, want=check.owner))
    if check.group is not None:
        expected = accounts.gid_of(check.group)
        if expected is None:
            problems.append(note(N_("There is no group %(name)s."), name=repr(check.group)))
        elif expected != facts.get("gid"):
            have = accounts.group_name(int(facts.get("gid") or 0))
            key = N_("Its group is %(have)s, not %(want)s.")
            problems.append(note(key, have=have, want=check.group))
    if check.target is not None and facts.get("target") != check.target:
        key = N_("It points to %(have)s, not %(want)s.")
        problems.append(note(key, have=repr(facts.get("target")), want=repr(check.target)))
    if check.acl or check.acl_absent:
        present = acl.entries(facts.get("acl"), mode, accounts)
        lacking = acl.missing(check.acl, present, accounts)
        if lacking:
            key = N_("ACL entries missing: %(missing)s (it has %(present)s).")
            problems.append(note(key, missing=", ".join(lacking), present=", ".join(present)))
        extra = acl.unwanted(check.acl_absent, present, accounts)
        if extra:
            key = N_("ACL entries that should not be there: %(extra)s.")
            problems.append(note(key, extra=", ".join(extra)))
    if check.default_acl:
        raw = facts.get("default_acl")
        if raw is None:
            problems.append(note(N_("%(path)s has no default ACL."), path=path))
        else:
            present = acl.entries(raw, mode, accounts)
            lacking = acl.missing(check.default_acl, present, accounts)
            if lacking:
                key = N_("Default ACL entries missing: %(missing)s (it has %(present)s).")
                problems.append(note(key, missing=", ".join(lacking), present=", ".join(present)))
    if check.reads_content:
        content = facts.get("content")
        if not isinstance(content, str):
            problems.append(note(N_("%(path)s cannot be read as a text file."), path=path))
        else:
            problems += _text_problems(
                content,
                note(N_("The file")),
                exact=check.equals,
                contains=check.contains,
                not_contains=check.not_contains,
                regex=check.regex,
            )
    return problems


def _user(check: UserCheck, accounts: Accounts) -> list[Note]:
    user = accounts.users.get(check.user)
    name = check.user
    if not check.exists:
        return [note(N_("The user %(name)s still exists."), name=name)] if user else []
    if user is None:
        return [note(N_("There is no user %(name)s."), name=name)]
    problems = []
    if check.uid is not None and user.uid != check.uid:
        problems.append(
            note(N_("Its UID is %(have)s, not %(want)s."), have=user.uid, want=check.uid)
        )
    primary = accounts.group_name(user.gid)
    if check.primary_group is not None and primary != check.primary_group:
        key = N_("Its primary group is %(have)s, not %(want)s.")
        problems.append(note(key, have=primary, want=check.primary_group))
    groups = accounts.groups_of(check.user)
    lacking = [g for g in check.groups if g not in groups]
    if lacking:
        key = N_("It is not in %(missing)s (its groups: %(groups)s).")
        problems.append(note(key, missing=", ".join(lacking), groups=", ".join(sorted(groups))))
    extra = [g for g in check.not_groups if g in groups]
    if extra:
        problems.append(note(N_("It is in %(extra)s."), extra=", ".join(extra)))
    if check.shell is not None and user.shell != check.shell:
        key = N_("Its shell is %(have)s, not %(want)s.")
        problems.append(note(key, have=user.shell or "-", want=check.shell))
    if check.home is not None and user.home != check.home:
        key = N_("Its home is %(have)s, not %(want)s.")
        problems.append(note(key, have=user.home or "-", want=check.home))
    state = accounts.passwords.get(check.user, "none")
    if check.password is not None and state != check.password:
        key = N_("Its password is %(have)s, not %(want)s.")
        problems.append(
            note(
                key,
                have=note(PASSWORD_STATES.get(state, state)),
                want=note(PASSWORD_STATES.get(check.password, check.password)),
            )
        )
    return problems


PASSWORD_STATES = {"set": N_("set"), "locked": N_("locked"), "none": N_("not set")}


def _group(check: GroupCheck, accounts: Accounts) -> list[Note]:
    group = accounts.groups.get(check.group)
    name = check.group
    if not check.exists:
        return [note(N_("The group %(name)s still exists."), name=name)] if group else []
    if group is None:
        return [note(N_("There is no group %(name)s."), name=name)]
    problems = []
    if check.gid is not None and group.gid != check.gid:
        problems.append(
            note(N_("Its GID is %(have)s, not %(want)s."), have=group.gid, want=check.gid)
        )
    members = accounts.members_of(check.group)
    lacking = [m for m in check.members if m not in members]
    if lacking:
        key = N_("%(missing)s not in it (members: %(members)s).")
        problems.append(note(key, missing=", ".join(lacking), members=", ".join(sorted(members))))
    extra = [m for m in check.not_members if m in members]
    if extra:
        problems.append(note(N_("%(extra)s should not be in it."), extra=", ".join(extra)))
    return problems


def _cron(check: CronCheck, found: list[Job]) -> list[Note]:
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
        key = N_("cron still runs it (%(path)s line %(line)s).")
        return [note(key, path=active[0].path, line=active[0].line)] if active else []
    if active:
        return []
    if fits:
        job = fits[0]
        key = N_("%(path)s line %(line)s has it, but cron ignores it: %(reason)s")
        return [note(key, path=job.path, line=job.line, reason=_verbatim(job.reason))]
    if matching:
        job = matching[0]
        if check.user is not None and job.user != check.user:
            key = N_("%(path)s line %(line)s runs it as %(have)s, not %(want)s.")
            return [note(key, path=job.path, line=job.line, have=job.user, want=check.user)]
        key = N_("%(path)s line %(line)s runs it at other times than %(want)s.")
        return [note(key, path=job.path, line=job.line, want=repr(check.schedule))]
    return [note(N_("No cron job runs a command containing %(text)s."), text=repr(check.cron))]


def _verbatim(text: str) -> Note:
    """Words the lab's tools wrote, shown as they are."""
    return Note(text=Text(en=text or "-", zh=text or "-"))


def problems(check: AnyCheck, context: Context) -> list[Note]:
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
    notes = [*said(check.feedback), *found] if found else []
    return ItemResult(
        name=check.name,
        title=check.title,
        passed=not found,
        points=check.points,
        score=0 if found else check.points,
        notes=notes,
    )
