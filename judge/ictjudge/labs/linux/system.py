"""Checks of the state the student's script left: files (type, mode, owner, ACLs, content),
users, groups and cron jobs (pure: the facts come from the check container)."""

from __future__ import annotations

from typing import Any

from ictjudge.labs.linux import acl
from ictjudge.labs.linux.accounts import Accounts
from ictjudge.labs.linux.crontab import Job, parse_schedule
from ictjudge.labs.linux.feedback import text_problems, verbatim
from ictjudge.labs.linux.spec import CronCheck, FileCheck, GroupCheck, UserCheck
from ictjudge.texts import N_, Note, note

KIND_NAMES = {
    "file": N_("a regular file"),
    "directory": N_("a directory"),
    "symlink": N_("a symbolic link"),
}


def _kind(facts: dict[str, Any]) -> Note:
    kind = str(facts.get("type"))
    if kind == "symlink":
        return note(N_("a symbolic link to %(target)s"), target=repr(facts.get("target")))
    return note(KIND_NAMES.get(kind, N_("a special file")))


def file(check: FileCheck, facts: dict[str, Any], accounts: Accounts) -> list[Note]:
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
            problems += text_problems(
                content,
                note(N_("The file")),
                exact=check.equals,
                contains=check.contains,
                not_contains=check.not_contains,
                regex=check.regex,
            )
    return problems


def user(check: UserCheck, accounts: Accounts) -> list[Note]:
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


def group(check: GroupCheck, accounts: Accounts) -> list[Note]:
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


def cron(check: CronCheck, found: list[Job]) -> list[Note]:
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
        return [note(key, path=job.path, line=job.line, reason=verbatim(job.reason))]
    if matching:
        job = matching[0]
        if check.user is not None and job.user != check.user:
            key = N_("%(path)s line %(line)s runs it as %(have)s, not %(want)s.")
            return [note(key, path=job.path, line=job.line, have=job.user, want=check.user)]
        key = N_("%(path)s line %(line)s runs it at other times than %(want)s.")
        return [note(key, path=job.path, line=job.line, want=repr(check.schedule))]
    return [note(N_("No cron job runs a command containing %(text)s."), text=repr(check.cron))]
