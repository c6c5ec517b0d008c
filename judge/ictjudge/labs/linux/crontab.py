"""Cron tables as Debian's cron reads them: which files count, which lines are jobs, and what
times a schedule matches (so ``*/15`` equals ``0,15,30,45`` and ``mon-fri`` equals ``1-5``)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
DAYS = ("sun", "mon", "tue", "wed", "thu", "fri", "sat")
FIELDS: tuple[tuple[str, int, int, dict[str, int]], ...] = (
    ("minute", 0, 59, {}),
    ("hour", 0, 23, {}),
    ("day of month", 1, 31, {}),
    ("month", 1, 12, {m: i for i, m in enumerate(MONTHS, 1)}),
    ("day of week", 0, 7, {d: i for i, d in enumerate(DAYS)}),
)
ALIASES = {
    "@yearly": "0 0 1 1 *",
    "@annually": "0 0 1 1 *",
    "@monthly": "0 0 1 * *",
    "@weekly": "0 0 * * 0",
    "@daily": "0 0 * * *",
    "@midnight": "0 0 * * *",
    "@hourly": "0 * * * *",
}
CROND_NAME = re.compile(r"^[A-Za-z0-9_-]+$")  # run-parts names: cron ignores the rest
ENV_LINE = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*\s*=")

Schedule = tuple[frozenset[int], ...] | str  # the matched times, or "@reboot"


def _field(text: str, name: str, low: int, high: int, names: dict[str, int]) -> frozenset[int]:
    def number(token: str) -> int:
        token = token.lower()
        if token in names:
            return names[token]
        if not token.isdigit():
            raise ValueError(f"{name}: {token!r} is not a number")
        value = int(token)
        if not low <= value <= high:
            raise ValueError(f"{name}: {value} is outside {low}-{high}")
        return value

    values: set[int] = set()
    for part in text.split(","):
        base, _, step_text = part.partition("/")
        step = 1
        if step_text:
            if not step_text.isdigit() or int(step_text) == 0:
                raise ValueError(f"{name}: bad step {step_text!r}")
            step = int(step_text)
        if base == "*":
            start, end = low, high
        elif "-" in base:
            first, _, last = base.partition("-")
            start, end = number(first), number(last)
            if start > end:
                raise ValueError(f"{name}: range {base!r} runs backwards")
        else:
            start = number(base)
            end = high if step_text else start
        values.update(range(start, end + 1, step))
    if name == "day of week" and 7 in values:  # 0 and 7 are both Sunday
        values.discard(7)
        values.add(0)
    return frozenset(values)


def parse_schedule(text: str) -> Schedule:
    """The times a schedule (five fields or an @alias) matches; ValueError says what is wrong."""
    text = text.strip()
    if text.lower() == "@reboot":
        return "@reboot"
    fields = ALIASES.get(text.lower(), text).split()
    if len(fields) != 5:
        raise ValueError(f"a schedule has five fields or is an @alias, not {text!r}")
    return tuple(
        _field(part, name, low, high, names)
        for part, (name, low, high, names) in zip(fields, FIELDS, strict=True)
    )


@dataclass(frozen=True)
class Job:
    """One job line: where it is, whether cron reads that file, and what it runs."""

    path: str
    line: int
    schedule: Schedule
    user: str
    command: str
    active: bool
    reason: str = ""  # why cron ignores it


def _ignored(source: dict[str, Any], users: dict[str, int]) -> str:
    """Why cron would not read this file ('' when it does)."""
    if not source.get("regular"):
        return "it is not a regular file"
    kind, name = source.get("kind"), str(source.get("name") or "")
    if kind == "crond" and not CROND_NAME.match(name):
        return (
            f"cron ignores files in /etc/cron.d whose names have other characters than "
            f"letters, digits, _ and - ({name!r})"
        )
    if kind in ("crond", "system"):
        if source.get("uid") != 0:
            return "it is not owned by root"
        if int(source.get("mode", 0)) & 0o022:
            return "it is writable by group or others"
    if kind == "user":
        if name not in users:
            return f"there is no user {name!r}"
        if source.get("uid") != users[name]:
            return f"it is not owned by {name} (install it with crontab -u {name})"
        if int(source.get("mode", 0)) != 0o600:
            return f"its mode is {int(source.get('mode', 0)):04o}, and cron wants 0600"
    return ""


def jobs(sources: list[dict[str, Any]], users: dict[str, int]) -> list[Job]:
    """Every job line of ``sources`` (as the check container reports them); ``users`` maps
    user names to uids. Lines cron would skip (a bad schedule, no trailing newline) are kept
    with ``active=False`` and the reason, so feedback can say why a job does not run."""
    found: list[Job] = []
    for source in sources:
        path = str(source.get("path"))
        content = source.get("content")
        if not isinstance(content, str):
            continue
        ignored = _ignored(source, users)
        lines = content.split("\n")
        for number, raw in enumerate(lines, start=1):
            line = raw.strip()
            if not line or line.startswith("#") or ENV_LINE.match(line):
                continue
            reason = ignored
            last = number == len(lines)  # no newline after it
            if last and not reason:
                reason = "the last line has no newline at its end, and cron skips it"
            parts = line.split()
            system = source.get("kind") in ("system", "crond")
            width = 1 if parts[0].startswith("@") else 5
            need = width + (2 if system else 1)
            if len(parts) < need:
                found.append(
                    Job(path, number, "", "", line, False, reason or "too few fields for a job")
                )
                continue
            user = parts[width] if system else str(source.get("name"))
            command = " ".join(parts[need - 1 :])
            try:
                schedule = parse_schedule(" ".join(parts[:width]))
            except ValueError as exc:
                found.append(Job(path, number, "", user, command, False, reason or str(exc)))
                continue
            found.append(Job(path, number, schedule, user, command, not reason, reason))
    return found
