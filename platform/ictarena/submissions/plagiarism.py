"""The jury's plagiarism review of a contest: per round task, how alike the entries' answers
are, pair by pair; the jury's marks (cleared, flagged, with a note); and the exclusion of a
flagged entry from the standings, logged.

What is compared: each entry's latest submission to the round task (a team is one entry, so
team-mates are never a pair). Code is compared with copydetect
(:mod:`ictarena.submissions.code_prints`); configurations and scripts (network, linux and sql
labs) by their normalised tokens (:mod:`ictarena.submissions.tokens`), with the lab's starting
files (what every answer's editor starts with) as the template whose runs count for nobody.
A code task has no starter in the catalogue, so its answers are compared whole.

The report of a round task is computed when its page asks for it and kept: every pair at
least :data:`FLOOR` alike is a :class:`PlagiarismPair` row, and :class:`PlagiarismReport`
remembers from which submissions (each entry's, and a digest). A page load that finds the
same submissions reads the rows; a newer submission makes it compare the pairs of the entries
whose submission changed, fingerprinting only what this process has not fingerprinted yet
(the other pairs' rows, or their absence under the floor, still hold). A pair keeps its
review across recomputations; a newer submission on either side reopens a cleared pair (it
deserves another look), a flag stays.

Excluding an entry sets ``Entry.excluded`` (the standings leave it out: no board, export,
award or rating shows it), writes an :class:`EntryExclusion` row (who, when, why) and bumps
the board's version, so every live board reloads. Only an entry of a flagged pair may be
excluded; re-including one is always allowed, and logged the same way.
"""

from __future__ import annotations

import asyncio
import hashlib
import threading
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from itertools import combinations
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from ictarena.accounts.models import User
from ictarena.catalog.models import Dataset, Task
from ictarena.catalog.tasktypes.registry import find
from ictarena.contests import cache
from ictarena.contests.models import (
    Contest,
    Entry,
    EntryExclusion,
    PairState,
    PlagiarismPair,
    PlagiarismReport,
    Round,
    RoundTask,
)
from ictarena.errors import InvalidInput, NotFound
from ictarena.submissions.code_prints import code_print, code_shares, compare_code
from ictarena.submissions.models import Submission
from ictarena.submissions.tokens import Span, compare, fingerprint, template_prints

FLOOR = 0.5  # pairs less alike are not kept
DEFAULT_THRESHOLD = 0.8  # the page's threshold until the jury picks another
MAX_NOTE = 1000
REPORT_LOCKS = 0x9A61  # the first key of the reports' advisory locks (PostgreSQL)
METHOD = "1"  # part of a report's digest: a change of method makes every report stale
KEPT_PRINTS = 4096  # fingerprints kept in this process


@dataclass(frozen=True, slots=True)
class ReviewTask:
    """A round task whose answers can be compared."""

    round_id: int
    task_id: int
    label: str
    round_name: str
    title_en: str
    title_zh: str
    code: bool  # compared with copydetect; else as configurations and scripts

    @property
    def key(self) -> str:
        return f"{self.round_id}:{self.task_id}"


@dataclass(frozen=True, slots=True)
class PairRow:
    """One stored pair, for the review list."""

    id: int
    round_id: int
    task_id: int
    entry_a: int
    entry_b: int
    name_a: str
    name_b: str
    excluded_a: bool
    excluded_b: bool
    submission_a: int
    submission_b: int
    similarity: float
    state: PairState
    note: str
    reviewer: str | None
    reviewed_at: datetime | None


@dataclass(frozen=True, slots=True)
class Side:
    """One side of a pair shown side by side: its text cut into plain and copied pieces."""

    entry_id: int
    name: str
    excluded: bool
    submission_id: int
    share: float
    pieces: tuple[tuple[str, bool], ...]  # (text, copied)


@dataclass(frozen=True, slots=True)
class PairView:
    pair: PairRow
    task: ReviewTask
    left: Side
    right: Side


@dataclass(frozen=True, slots=True)
class ExclusionRow:
    id: int
    entry_id: int
    entry_name: str
    excluded: bool
    reason: str
    done_by: str | None
    done_at: datetime


@dataclass(frozen=True, slots=True)
class _Document:
    """What is compared of a submission, and of the task's template."""

    text: str
    syntax: str
    language: str | None


async def review_tasks(session: AsyncSession, contest: Contest) -> list[ReviewTask]:
    """The contest's round tasks whose answers are compared: code and configuration tasks,
    in the rounds' order, then the tasks'."""
    rows = (
        await session.execute(
            select(RoundTask, Round.name, Task.type, Task.title_en, Task.title_zh)
            .join(Round, Round.id == RoundTask.round_id)
            .join(Task, Task.id == RoundTask.task_id)
            .where(Round.contest_id == contest.id)
            .order_by(Round.position, RoundTask.position, RoundTask.label)
        )
    ).all()
    found = []
    for rt, round_name, task_type, title_en, title_zh in rows:
        kind = find(task_type)
        if kind is None or kind.answers not in ("source", "lab"):
            continue
        found.append(
            ReviewTask(
                rt.round_id,
                rt.task_id,
                rt.label,
                round_name,
                title_en,
                title_zh,
                kind.answers == "source",
            )
        )
    return found


def task_of(tasks: Sequence[ReviewTask], key: str) -> ReviewTask:
    """The review task named ``round:task`` (as the page's filter sends it)."""
    for task in tasks:
        if task.key == key:
            return task
    raise NotFound("plagiarism_task_not_found")


def _lab_files(task_type: str, manifest: dict[str, Any]) -> list[Any]:
    from ictjudge import labs

    return list(labs.answer_files(task_type, manifest.get("lab") or {}))


def _headed(name: str, text: str) -> str:
    return f"=== {name} ===\n{text.rstrip()}\n\n"


def _document(
    task: ReviewTask,
    task_type: str,
    manifest: dict[str, Any],
    files: dict[str, Any],
    language: str | None,
) -> _Document:
    """A submission's text as compared: a program's source; a lab answer's files in the
    lab's order (then any other), each under its name."""
    if task.code:
        text = "\n".join(str(files[name]) for name in sorted(files))
        return _Document(text, "text", language)
    answers = _lab_files(task_type, manifest)
    order = [a.name for a in answers] + sorted(set(files) - {a.name for a in answers})
    syntax = next((a.syntax for a in answers if a.syntax == "sql"), "text")
    text = "".join(_headed(name, str(files[name])) for name in order if name in files)
    return _Document(text, syntax, None)


def _template(task_type: str, manifest: dict[str, Any], names: Sequence[str]) -> str:
    """A lab's starting files under the same headings as an answer's (only those the answer
    has), so that neither the headings nor the starting configuration count."""
    initial = {a.name: a.initial for a in _lab_files(task_type, manifest)}
    return "".join(_headed(name, initial.get(name, "")) for name in names if name in initial)


@dataclass(frozen=True, slots=True)
class _Compared:
    entry_id: int
    submission_id: int
    files: dict[str, Any]
    language: str | None


async def _compared(session: AsyncSession, task: ReviewTask) -> list[_Compared]:
    """Each entry's latest submission to the round task."""
    latest = (
        select(func.max(Submission.id))
        .where(
            Submission.round_id == task.round_id,
            Submission.task_id == task.task_id,
            Submission.entry_id.is_not(None),
            Submission.is_reference.is_(False),
        )
        .group_by(Submission.entry_id)
    )
    rows = await session.execute(
        select(Submission.entry_id, Submission.id, Submission.files, Submission.language)
        .where(Submission.id.in_(latest))
        .order_by(Submission.entry_id)
    )
    return [_Compared(int(e), int(s), dict(f or {}), lang) for e, s, f, lang in rows]


async def _task_data(session: AsyncSession, task: ReviewTask) -> tuple[str, dict[str, Any]]:
    """The task's type and the manifest of the dataset the round pinned."""
    row = (
        await session.execute(
            select(Task.type, Dataset.manifest)
            .join(RoundTask, RoundTask.task_id == Task.id)
            .join(Dataset, Dataset.id == RoundTask.dataset_id)
            .where(RoundTask.round_id == task.round_id, RoundTask.task_id == task.task_id)
        )
    ).one()
    return str(row[0]), dict(row[1] or {})


# Fingerprints by what was fingerprinted (the text's digest, its language or syntax, the
# template's digest), whichever submission and database it came from.
_prints: OrderedDict[tuple[Any, ...], Any] = OrderedDict()
_prints_lock = threading.Lock()  # reports are computed in worker threads


def _digest(text: str) -> str:
    return hashlib.blake2b(text.encode(), digest_size=16).hexdigest()


def _kept_print(key: tuple[Any, ...], make: Any) -> Any:
    with _prints_lock:
        found = _prints.get(key)
        if found is not None:
            _prints.move_to_end(key)
            return found
    made = make()
    with _prints_lock:
        _prints[key] = made
        while len(_prints) > KEPT_PRINTS:
            _prints.popitem(last=False)
    return made


def forget() -> None:
    """Drop the fingerprints this process keeps (tests)."""
    with _prints_lock:
        _prints.clear()


@dataclass(frozen=True, slots=True)
class _Matcher:
    """Fingerprints a task's documents (kept per process) and compares two of them."""

    task: ReviewTask
    task_type: str
    manifest: dict[str, Any]

    def document(self, item: _Compared) -> _Document:
        return _document(self.task, self.task_type, self.manifest, item.files, item.language)

    def print_of(self, item: _Compared) -> Any:
        doc = self.document(item)
        if self.task.code:  # no starter in the catalogue: nothing to pass as boilerplate
            return _kept_print(
                ("code", doc.language, _digest(doc.text)),
                lambda: code_print(doc.text, doc.language),
            )
        names = sorted(item.files)
        template_text = _template(self.task_type, self.manifest, names)
        template_key = ("template", doc.syntax, _digest(template_text))
        dropped = _kept_print(template_key, lambda: template_prints(template_text, doc.syntax))
        return _kept_print(
            ("tokens", doc.syntax, template_key[2], _digest(doc.text)),
            lambda: fingerprint(doc.text, doc.syntax, dropped),
        )

    def similarity(self, a: _Compared, b: _Compared) -> float:
        """The pair's similarity alone (the report's many pairs: no spans)."""
        if self.task.code:
            return max(code_shares(self.print_of(a), self.print_of(b)))
        return float(compare(self.print_of(a), self.print_of(b)).similarity)

    def match(self, a: _Compared, b: _Compared) -> Any:
        if self.task.code:
            return compare_code(self.print_of(a), self.print_of(b))
        return compare(self.print_of(a), self.print_of(b))


async def _matcher(session: AsyncSession, task: ReviewTask) -> _Matcher:
    task_type, manifest = await _task_data(session, task)
    return _Matcher(task, task_type, manifest)


def _basis(task: ReviewTask, manifest: dict[str, Any]) -> str:
    """What every comparison of the round task depends on besides the answers: the method
    and the lab's starting files."""
    digest = hashlib.sha256(f"{METHOD}|{task.key}|".encode())
    digest.update(repr(sorted((manifest.get("lab") or {}).items())).encode())
    return digest.hexdigest()


def _signature(basis: str, items: Sequence[_Compared]) -> str:
    digest = hashlib.sha256(basis.encode())
    for item in items:
        digest.update(f"|{item.entry_id}:{item.submission_id}".encode())
    return digest.hexdigest()


async def _lock(session: AsyncSession, task: ReviewTask) -> None:
    """PostgreSQL: one computation of a round task's report at a time (SQLite: one writer)."""
    if session.get_bind().dialect.name == "postgresql":
        await session.execute(
            select(func.pg_advisory_xact_lock(REPORT_LOCKS, task.round_id * 65536 + task.task_id))
        )


def _compare_changed(
    matcher: _Matcher, items: Sequence[_Compared], same: set[int]
) -> dict[tuple[int, int], tuple[float, int, int]]:
    """Every pair's similarity and submissions, but for pairs of two entries in ``same``
    (compared before: their row, or its absence under the floor, still holds)."""
    computed: dict[tuple[int, int], tuple[float, int, int]] = {}
    for a, b in combinations(items, 2):
        if a.entry_id in same and b.entry_id in same:
            continue
        alike = matcher.similarity(a, b)
        computed[(a.entry_id, b.entry_id)] = (alike, a.submission_id, b.submission_id)
    return computed


async def refresh(session: AsyncSession, contest: Contest, task: ReviewTask, now: datetime) -> int:
    """Bring the round task's stored report up to date (in the caller's transaction); returns
    how many submissions it compares."""
    matcher = await _matcher(session, task)
    items = await _compared(session, task)
    basis = _basis(task, matcher.manifest)
    signature = _signature(basis, items)
    where = (PlagiarismReport.round_id == task.round_id, PlagiarismReport.task_id == task.task_id)
    stored = await session.scalar(select(PlagiarismReport).where(*where))
    if stored is not None and stored.signature == signature:
        return stored.compared
    await _lock(session, task)
    stored = await session.scalar(
        select(PlagiarismReport).where(*where).execution_options(populate_existing=True)
    )
    if stored is not None and stored.signature == signature:
        return stored.compared
    before = dict(stored.submissions) if stored is not None and stored.basis == basis else {}
    same = {i.entry_id for i in items if before.get(str(i.entry_id)) == i.submission_id}
    # CPU-bound: in a worker thread, so that the server's other requests go on meanwhile.
    computed = await asyncio.to_thread(_compare_changed, matcher, items, same)
    present = {i.entry_id for i in items}
    pairs = {
        (p.entry_a, p.entry_b): p
        for p in await session.scalars(
            select(PlagiarismPair).where(
                PlagiarismPair.round_id == task.round_id, PlagiarismPair.task_id == task.task_id
            )
        )
    }
    for key, pair in pairs.items():
        if key[0] in same and key[1] in same:
            continue
        value = computed.get(key)
        if value is None or not {key[0], key[1]} <= present:
            await session.delete(pair)
            continue
        if value[0] < FLOOR and pair.state is PairState.OPEN:
            await session.delete(pair)
            continue
        moved = (pair.submission_a, pair.submission_b) != (value[1], value[2])
        pair.similarity, pair.submission_a, pair.submission_b = value
        if moved and pair.state is PairState.CLEARED:
            pair.state = PairState.OPEN
    for (entry_a, entry_b), (alike, sub_a, sub_b) in computed.items():
        if alike >= FLOOR and (entry_a, entry_b) not in pairs:
            session.add(
                PlagiarismPair(
                    contest_id=contest.id,
                    round_id=task.round_id,
                    task_id=task.task_id,
                    entry_a=entry_a,
                    entry_b=entry_b,
                    submission_a=sub_a,
                    submission_b=sub_b,
                    similarity=alike,
                    state=PairState.OPEN,
                    note="",
                )
            )
    if stored is None:
        stored = PlagiarismReport(
            round_id=task.round_id, task_id=task.task_id, contest_id=contest.id
        )
        session.add(stored)
    stored.basis, stored.signature, stored.computed_at = basis, signature, now
    stored.compared = len(items)
    stored.submissions = {str(i.entry_id): i.submission_id for i in items}
    await session.flush()
    return len(items)


def _pair_rows(rows: Sequence[Any]) -> list[PairRow]:
    return [
        PairRow(
            p.id,
            p.round_id,
            p.task_id,
            p.entry_a,
            p.entry_b,
            name_a,
            name_b,
            bool(excluded_a),
            bool(excluded_b),
            p.submission_a,
            p.submission_b,
            p.similarity,
            p.state,
            p.note,
            reviewer,
            p.reviewed_at,
        )
        for p, name_a, name_b, excluded_a, excluded_b, reviewer in rows
    ]


def _pair_query() -> Any:
    first, second = Entry.__table__.alias("first"), Entry.__table__.alias("second")
    return (
        select(
            PlagiarismPair,
            first.c.name,
            second.c.name,
            first.c.excluded,
            second.c.excluded,
            User.display_name,
        )
        .join(first, first.c.id == PlagiarismPair.entry_a)
        .join(second, second.c.id == PlagiarismPair.entry_b)
        .outerjoin(User, User.id == PlagiarismPair.reviewed_by)
    )


async def pairs(
    session: AsyncSession, contest: Contest, task: ReviewTask, threshold: float
) -> list[PairRow]:
    """The round task's stored pairs at least ``threshold`` alike, most alike first."""
    rows = (
        await session.execute(
            _pair_query()
            .where(
                PlagiarismPair.contest_id == contest.id,
                PlagiarismPair.round_id == task.round_id,
                PlagiarismPair.task_id == task.task_id,
                PlagiarismPair.similarity >= threshold - 1e-9,
            )
            .order_by(PlagiarismPair.similarity.desc(), PlagiarismPair.id)
        )
    ).all()
    return _pair_rows(rows)


async def _pair(session: AsyncSession, contest: Contest, pair_id: int) -> PlagiarismPair:
    pair = await session.get(PlagiarismPair, pair_id)
    if pair is None or pair.contest_id != contest.id:
        raise NotFound("plagiarism_pair_not_found")
    return pair


def _pieces(text: str, spans: Sequence[Span]) -> tuple[tuple[str, bool], ...]:
    """``text`` cut at the spans' edges: (piece, copied) in order."""
    pieces: list[tuple[str, bool]] = []
    at = 0
    for first, last in sorted(spans):
        start, end = max(first, at), min(last, len(text))
        if start >= end:
            continue
        if start > at:
            pieces.append((text[at:start], False))
        pieces.append((text[start:end], True))
        at = end
    if at < len(text):
        pieces.append((text[at:], False))
    return tuple(pieces)


async def pair_view(
    session: AsyncSession, contest: Contest, tasks: Sequence[ReviewTask], pair_id: int
) -> PairView:
    """One pair side by side, the runs both share marked on each side."""
    pair = await _pair(session, contest, pair_id)
    task = task_of(tasks, f"{pair.round_id}:{pair.task_id}")
    row = _pair_rows(
        (await session.execute(_pair_query().where(PlagiarismPair.id == pair.id))).all()
    )[0]
    found = {
        s.id: s
        for s in await session.scalars(
            select(Submission).where(Submission.id.in_([pair.submission_a, pair.submission_b]))
        )
    }
    items = [
        _Compared(entry, sid, dict(found[sid].files or {}), found[sid].language)
        for entry, sid in ((pair.entry_a, pair.submission_a), (pair.entry_b, pair.submission_b))
    ]
    matcher = await _matcher(session, task)
    match = matcher.match(items[0], items[1])
    texts = [matcher.document(item).text for item in items]
    left = Side(
        row.entry_a,
        row.name_a,
        row.excluded_a,
        row.submission_a,
        match.first,
        _pieces(texts[0], match.first_spans),
    )
    right = Side(
        row.entry_b,
        row.name_b,
        row.excluded_b,
        row.submission_b,
        match.second,
        _pieces(texts[1], match.second_spans),
    )
    return PairView(row, task, left, right)


def _note(raw: str, field: str) -> str:
    text = raw.strip()
    if len(text) > MAX_NOTE:
        raise InvalidInput("plagiarism_note_too_long", field=field, limit=MAX_NOTE)
    if any(ord(c) < 32 and c not in "\n\t\r" for c in text):
        raise InvalidInput("plagiarism_note_control", field=field)
    return text


async def review(
    session: AsyncSession,
    user: User,
    contest: Contest,
    pair_id: int,
    state: PairState,
    note: str,
    now: datetime,
) -> PlagiarismPair:
    """Mark a pair cleared, flagged or open again, with the jury's note."""
    pair = await _pair(session, contest, pair_id)
    pair.note = _note(note, "note")
    if state is PairState.FLAGGED and not pair.note:
        raise InvalidInput("plagiarism_flag_needs_note", field="note")
    pair.state = state
    pair.reviewed_by = user.id
    pair.reviewed_at = now
    await session.flush()
    return pair


async def set_excluded(
    session: AsyncSession,
    user: User,
    contest: Contest,
    entry_id: int,
    excluded: bool,
    reason: str,
    now: datetime,
) -> Entry:
    """Exclude an entry of a flagged pair from the standings, or include it again; logged,
    and every board reloads."""
    entry = await session.get(Entry, entry_id)
    if entry is None or entry.contest_id != contest.id:
        raise NotFound("plagiarism_entry_not_found")
    why = _note(reason, "reason")
    if not why:
        raise InvalidInput("plagiarism_reason_required", field="reason")
    if entry.excluded == excluded:
        raise InvalidInput(
            "plagiarism_already_excluded" if excluded else "plagiarism_not_excluded",
            field="entry",
        )
    if excluded:
        flagged = await session.scalar(
            select(func.count(PlagiarismPair.id)).where(
                PlagiarismPair.contest_id == contest.id,
                PlagiarismPair.state == PairState.FLAGGED,
                (PlagiarismPair.entry_a == entry.id) | (PlagiarismPair.entry_b == entry.id),
            )
        )
        if not flagged:
            raise InvalidInput("plagiarism_entry_not_flagged", field="entry")
    entry.excluded = excluded
    session.add(
        EntryExclusion(
            contest_id=contest.id,
            entry_id=entry.id,
            excluded=excluded,
            reason=why,
            done_by=user.id,
            done_at=now,
        )
    )
    await session.flush()
    await cache.bump(session, contest.id)
    return entry


async def exclusions(session: AsyncSession, contest: Contest) -> list[ExclusionRow]:
    """The contest's log of exclusions and re-inclusions, newest first."""
    rows = await session.execute(
        select(EntryExclusion, Entry.name, User.display_name)
        .join(Entry, Entry.id == EntryExclusion.entry_id)
        .outerjoin(User, User.id == EntryExclusion.done_by)
        .where(EntryExclusion.contest_id == contest.id)
        .order_by(EntryExclusion.done_at.desc(), EntryExclusion.id.desc())
    )
    return [
        ExclusionRow(x.id, x.entry_id, name, x.excluded, x.reason, who, x.done_at)
        for x, name, who in rows
    ]
