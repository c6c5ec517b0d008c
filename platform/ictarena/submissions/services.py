"""Storing a submission: the checks on what was sent, then the submission and its judging.

``submit`` refuses with a located reason (the task is hidden, the language is not allowed, the
source is too large, empty or not text, the student is over the rate limit) and otherwise stores
the submission, every file's line endings made LF, and a queued judging. How a submission is
read is the task type's (:mod:`ictarena.catalog.tasktypes`). Who may submit at all (tier locks)
is asked first by the intake service (:mod:`ictarena.intake`), which also commits, then grades
at once or dispatches: work is enqueued only after the commit. A contest submission comes with
a :class:`ContestStamp` from the contest's own check (:mod:`ictarena.intake.contest`).
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import bindparam, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import contains_eager
from sqlalchemy.orm.util import identity_key

from ictarena.accounts.models import Role, User
from ictarena.accounts.throttle import take_submission_slot
from ictarena.catalog.models import Dataset, Task
from ictarena.catalog.quiz import quiz_answers
from ictarena.catalog.tasktypes.registry import TaskKind, kind
from ictarena.db import as_loaded, utcnow
from ictarena.errors import InvalidInput, NotFound
from ictarena.events import services as events
from ictarena.submissions import attempts, rows
from ictarena.submissions.models import Judging, JudgingStatus, Submission

MAX_FILES = 16


@dataclass(frozen=True)
class ContestStamp:
    """What makes a submission a contest submission, from the contest's entitlement check
    (:func:`ictarena.contests.access.entitlement`): whose line it counts on, in which round, and
    the round task's pinned dataset it is judged on. ``open_hidden`` lets it reach a task hidden
    from practice (contest tasks stay hidden until published). ``at`` is the server time the
    entitlement was checked at, stamped as the submission's time, so that the window that
    accepted it is the one it counts in; None stamps the time of storing. A submission to a
    contest's task off the record (a virtual run, upsolving: :mod:`ictarena.intake.virtual`)
    has no participation, entry or round: it counts on no line."""

    participation_id: int | None
    entry_id: int | None
    round_id: int | None
    dataset_id: int
    open_hidden: bool = True
    at: datetime | None = None


@dataclass(frozen=True)
class IntakeRules:
    max_bytes: int = 256 * 1024
    per_minute: int = 10
    languages: Collection[str] = ()
    quiz_attempts_per_day: int = 3


async def open_task(session: AsyncSession, user: User, task_id: int) -> Task:
    """The task, unless it does not exist or is hidden from ``user`` (NotFound). Coaches and
    admins see hidden tasks; which tiers a student has reached is the intake's question.
    The task's live dataset is read in the same query (the intake needs it next)."""
    task = await _task_with_live_dataset(session, task_id)
    if task is None:
        raise NotFound("task_not_found")
    if user.role is Role.STUDENT and not task.visible:
        raise NotFound("task_not_found")
    return task


# Built once, bound at each call (the intake's path: a statement made per call costs more CPU
# than its round trip).
_TASK_WITH_LIVE_DATASET = (
    select(Task)
    .outerjoin(Dataset, Dataset.id == Task.live_dataset_id)
    .options(contains_eager(Task.live_dataset))
    .where(Task.id == bindparam("task_id"))
)


async def _task_with_live_dataset(session: AsyncSession, task_id: int) -> Task | None:
    """The task with its live dataset loaded (one round trip, where two ``session.get`` calls
    take two; ``Task.live_dataset`` keeps the dataset in the session for the intake's
    ``session.get``); a task already in the session is not read again."""
    if identity_key(Task, task_id) in session.identity_map:  # a request's second ask
        return await session.get(Task, task_id)
    found = await session.scalars(_TASK_WITH_LIVE_DATASET, {"task_id": task_id})
    return found.first()


def normalise_newlines(text: str) -> str:
    """CRLF and lone CR become LF. Browsers' text areas send CRLF, and shells, nft and most
    checkers read a CR as part of the line (``/bin/sh^M``, ``unexpected newline``)."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _check_files(
    task_kind: TaskKind, files: Mapping[str, str | bytes], rules: IntakeRules
) -> dict[str, str]:
    if not files:
        raise InvalidInput("submission_empty", field="files")
    if len(files) > MAX_FILES:
        raise InvalidInput("submission_too_many_files", field="files", max=MAX_FILES)
    texts: dict[str, str] = {}
    total = 0
    for name, content in files.items():
        if not name or len(name) > 100 or "/" in name or "\\" in name or name.startswith("."):
            raise InvalidInput("submission_bad_name", field="files", name=name[:100])
        raw = content.encode("utf-8") if isinstance(content, str) else content
        if total + len(raw) > 2 * rules.max_bytes:  # too large even once CRs are gone
            raise InvalidInput(
                "submission_too_large", field="files", max_kb=rules.max_bytes // 1024
            )
        try:
            text = normalise_newlines(raw.decode("utf-8"))
        except UnicodeDecodeError:
            raise InvalidInput("submission_not_text", field="files", name=name) from None
        if "\x00" in text:
            raise InvalidInput("submission_not_text", field="files", name=name)
        total += len(text.encode("utf-8"))  # the size that is stored and judged
        if total > rules.max_bytes:
            raise InvalidInput(
                "submission_too_large", field="files", max_kb=rules.max_bytes // 1024
            )
        texts[name] = text
    if task_kind.answers != "quiz" and not any(t.strip() for t in texts.values()):
        raise InvalidInput("submission_empty", field="files")
    return texts


def _check_answer_files(task: Task, dataset: Dataset, texts: dict[str, str]) -> dict[str, str]:
    """A configuration task's submission holds exactly the files its lab names (one editor
    each on the task page), and every required one is filled in. When the lab takes a single
    file, one file of any name is that file (an uploaded ``fix.sh`` is the ``answer.sh``)."""
    from ictjudge import labs
    from ictjudge.errors import JudgeError

    try:
        expected = labs.answer_files(task.type, dataset.manifest.get("lab") or {})
    except JudgeError:  # this judge cannot grade the task: nothing could be judged
        raise InvalidInput("task_not_ready", field="task") from None
    names = sorted(f.name for f in expected)
    if len(expected) == 1 and len(texts) == 1:
        texts = {expected[0].name: next(iter(texts.values()))}
    for name in texts:
        if name not in names:
            raise InvalidInput(
                "submission_unknown_file", field="files", name=name, expected=", ".join(names)
            )
    for answer in expected:
        if answer.required and not texts.get(answer.name, "").strip():
            raise InvalidInput("submission_missing_file", field="files", name=answer.name)
    return texts


async def submit(
    session: AsyncSession,
    user: User,
    task_id: int,
    language: str | None,
    files: Mapping[str, str | bytes],
    rules: IntakeRules,
    ip: str | None = None,
    *,
    stamp: ContestStamp | None = None,
) -> tuple[Submission, Judging]:
    """Store a submission and its queued judging (not yet enqueued: commit, then dispatch).

    A practice submission is judged on the task's live dataset. A contest submission
    (``stamp``) is judged on its round task's pinned dataset, may be for a task hidden from
    practice, and carries its participation, entry and round; it takes no quiz attempt of the
    practice allowance (the round's window limits it), but the per-minute rate limit holds."""
    if stamp is not None and stamp.open_hidden:
        task = await session.get(Task, task_id)
        if task is None:
            raise NotFound("task_not_found")
    else:
        task = await open_task(session, user, task_id)
    task_kind = kind(task.type)
    dataset_id = stamp.dataset_id if stamp is not None else task.live_dataset_id
    if dataset_id is None:
        raise InvalidInput("task_not_ready", field="task")
    dataset = await session.get(Dataset, dataset_id)
    assert dataset is not None and dataset.task_id == task.id
    if task_kind.answers == "source":
        allowed = dataset.manifest.get("languages") or list(rules.languages)
        if language not in allowed or language not in rules.languages:
            raise InvalidInput("language_not_allowed", field="language", language=str(language))
        code_kb = int(dataset.manifest.get("limits", {}).get("code_kb", rules.max_bytes // 1024))
        rules = IntakeRules(min(rules.max_bytes, code_kb * 1024), rules.per_minute, rules.languages)
    else:
        language = None
    texts = _check_files(task_kind, files, rules)
    if task_kind.answers == "lab":
        texts = _check_answer_files(task, dataset, texts)
    if task_kind.answers == "quiz" and attempts.is_blank(quiz_answers(texts)):
        raise InvalidInput("quiz_blank", field="answers")  # not graded, costs no attempt
    if user.role is Role.STUDENT:  # last, so that a refused submission uses no slot
        await take_submission_slot(session, user.id, rules.per_minute)
        if task_kind.answers == "quiz" and stamp is None:
            limit = attempts.quiz_limit(dataset.manifest, rules.quiz_attempts_per_day)
            await attempts.take_attempt(session, user.id, task.id, limit, utcnow())
    at = (stamp.at if stamp is not None else None) or utcnow()  # the submission's time
    columns: dict[str, Any] = {
        "user_id": user.id,
        "task_id": task.id,
        "language": language,
        "files": texts,
        "size_bytes": sum(len(t.encode()) for t in texts.values()),
        "ip": ip,
        "created_at": at,
        # a contest submission's line (None in practice)
        "participation_id": stamp.participation_id if stamp is not None else None,
        "entry_id": stamp.entry_id if stamp is not None else None,
        "round_id": stamp.round_id if stamp is not None else None,
    }
    driver = await rows.driver_connection(session)
    if driver is not None:  # PostgreSQL: one statement through the driver
        return await _store_direct(session, driver, columns, dataset)
    submission = Submission(**columns)
    judging = Judging(
        submission=submission,
        user_id=user.id,
        dataset_id=dataset.id,
        seq=0,
        max_score=dataset.max_score,
    )
    session.add_all((submission, judging))
    await session.flush()  # one flush stores both
    await events.record(
        session,
        "judging.queued",
        f"submission:{submission.id}",
        {"judging": judging.id, "status": "queued"},
        user_id=user.id,
    )
    return submission, judging


async def _store_direct(
    session: AsyncSession, driver: Any, columns: dict[str, Any], dataset: Dataset
) -> tuple[Submission, Judging]:
    """Store through the driver (:mod:`ictarena.submissions.rows`), then put the stored
    submission and judging in the session persistent, as the ORM path leaves them, with the
    judging's submission set; unlike the ORM path's, every column is loaded and the judging's
    runs are known (none). (A rollback expires them, as it does any persistent object, where
    the ORM path's are made transient again; no caller uses a submission after rolling it
    back.)"""
    stored_at = utcnow()
    submission_id, judging_id = await rows.store(
        driver, columns, stored_at=stored_at, dataset_id=dataset.id, max_score=dataset.max_score
    )
    submission = as_loaded(Submission, {**columns, "id": submission_id, "is_reference": False})
    judging = as_loaded(
        Judging,
        {
            "id": judging_id,
            "submission_id": submission_id,
            "user_id": submission.user_id,
            "submission": submission,
            "dataset_id": dataset.id,
            "seq": 0,
            "rejudging_id": None,
            "valid": True,
            "status": JudgingStatus.QUEUED,
            "verdict": None,
            "score": None,
            "max_score": dataset.max_score,
            "report": None,
            "attempts": 0,
            "error": None,
            "worker": None,
            "queued_at": stored_at,
            "enqueued_at": None,
            "started_at": None,
            "finished_at": None,
            "runs": [],
        },
    )
    session.add_all((submission, judging))
    return submission, judging
