"""Deciding each check from the facts the check container gathered (pure: no Docker).

Every check becomes one :class:`ItemResult`. A failed item's feedback is the task's own hint
(``feedback``) followed by what was found (:mod:`.feedback`): checks that run something are
decided in :mod:`.services`, checks of files, accounts and cron in :mod:`.system`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ictjudge.labs.linux import services, system
from ictjudge.labs.linux.accounts import Accounts
from ictjudge.labs.linux.crontab import Job, jobs
from ictjudge.labs.linux.spec import (
    AnyCheck,
    FileCheck,
    GroupCheck,
    HttpCheck,
    PacketCheck,
    RunCheck,
    TcpCheck,
    UserCheck,
)
from ictjudge.labs.report import ItemResult
from ictjudge.texts import Note, said


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


def problems(check: AnyCheck, context: Context) -> list[Note]:
    """What is wrong, in words for the student (empty: the check passed)."""
    facts = context.facts.get(check.id, {})
    if isinstance(check, RunCheck):
        return services.run(check, facts)
    if isinstance(check, HttpCheck):
        return services.http(check, facts)
    if isinstance(check, TcpCheck):
        return services.tcp(check, facts)
    if isinstance(check, PacketCheck):
        return services.packet(check, facts)
    if isinstance(check, FileCheck):
        return system.file(check, facts, context.accounts)
    if isinstance(check, UserCheck):
        return system.user(check, context.accounts)
    if isinstance(check, GroupCheck):
        return system.group(check, context.accounts)
    return system.cron(check, context.cron)


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
