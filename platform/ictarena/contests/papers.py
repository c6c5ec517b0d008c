"""Exam papers: each participant's questions, drawn from the bank by the round's blueprint.

A paper is drawn section by section (:class:`ictarena.catalog.bank.Blueprint`): every section
gives exactly its ``count`` questions from the questions of its topic and/or competency, so a
paper covers the syllabus in the blueprint's proportions, unlike a plain random sample. The
draw is a pure function of the bank, the blueprint and a seed (:func:`draw`); the seed is
derived from the contest, the round and the participation (:func:`paper_seed`), so the same
paper can be drawn again from the same inputs. The paper's question order is shuffled, and
each question's options are shuffled by the same seed when the paper is shown.

With ``avoid_repeats`` (the default), a section draws first from questions the student has not
met in an earlier paper of the same bank, then, only when the pool runs short, from those
they have: a student's second mock differs from the first as far as the bank allows.

The paper is drawn once, when the participant opens it (:func:`draw_paper`: an insert that
keeps the first row under concurrency), and stored as a :class:`~ictarena.contests.models.Paper`
whose ``questions`` are ``{"id": ..., "points": ...}`` in paper order: the points are the
blueprint's when the paper was drawn, so editing a round's blueprint later changes no paper.
Answers are graded against :func:`paper_manifest`, the bank restricted to the paper.
"""

from __future__ import annotations

import hashlib
import random
from collections.abc import Collection, Mapping
from datetime import datetime, timedelta
from typing import Any, Protocol

from sqlalchemy import func, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from ictarena.accounts.models import User
from ictarena.catalog.bank import Bank, Blueprint, bank_of, checked_blueprint
from ictarena.catalog.models import Dataset, Task
from ictarena.contests import access, sittings
from ictarena.contests.models import Contest, Entry, Paper, Participation, Round, RoundTask
from ictarena.db import utcnow
from ictarena.errors import InvalidInput, NotFound

EXAM_TYPE = "exam"


class PaperLike(Protocol):
    seed: str
    questions: list[Any]


def paper_seed(contest_slug: str, round_id: int, participation_id: int) -> str:
    """The seed of a participant's paper: reproducible from the contest, round and
    participation, different for each of them."""
    material = f"{contest_slug}:{round_id}:{participation_id}"
    return hashlib.sha256(material.encode()).hexdigest()[:32]


def _rng(seed: str, *parts: object) -> random.Random:
    digest = hashlib.sha256(":".join([seed, *map(str, parts)]).encode()).digest()
    return random.Random(int.from_bytes(digest[:8], "big"))


def draw(
    bank: Bank, blueprint: Blueprint, seed: str, seen: Collection[str] = ()
) -> list[dict[str, Any]]:
    """A paper: ``{"id", "points"}`` per question, in the paper's (shuffled) order; a pure
    function of its arguments. ``seen``: the ids the student met in earlier papers of this
    bank, drawn last (when the blueprint avoids repeats). Raises ValueError when a section's
    pool is smaller than its count."""
    paper: list[dict[str, Any]] = []
    for index, section in enumerate(blueprint.sections):
        pool = sorted(q.id for q in bank.questions if section.matches(q))
        if len(pool) < section.count:
            raise ValueError(
                f"section {index + 1} ({section.describe()}) draws {section.count} questions "
                f"from a pool of {len(pool)}"
            )
        _rng(seed, "section", index).shuffle(pool)
        if blueprint.avoid_repeats and seen:
            pool.sort(key=lambda qid: qid in seen)  # stable: the unseen keep their shuffle
        paper.extend({"id": qid, "points": section.points} for qid in pool[: section.count])
    _rng(seed, "order").shuffle(paper)
    return paper


def paper_manifest(manifest: Mapping[str, Any], paper: PaperLike) -> dict[str, Any]:
    """The exam's dataset manifest restricted to ``paper``: a quiz of its questions in paper
    order, each with the points the blueprint gave it (what an exam submission is graded
    against, :func:`ictarena.catalog.bank.grade_exam`). A question no longer in the bank (the
    round moved to a new dataset) is left out."""
    by_id = {str(q["id"]): q for q in manifest["bank"]["questions"]}
    questions = [
        {**by_id[str(item["id"])], "points": float(item["points"])}
        for item in paper.questions
        if str(item["id"]) in by_id
    ]
    return {
        "format": 1,
        "task_type": manifest.get("task_type", EXAM_TYPE),
        "seed": paper.seed,
        "quiz": {"questions": questions, "shuffle_questions": False, "show_explanations": True},
    }


def paper_ids(paper: PaperLike) -> list[str]:
    return [str(item["id"]) for item in paper.questions]


# The database ------------------------------------------------------------------------------


async def exam_task(session: AsyncSession, round: Round) -> tuple[RoundTask, Dataset]:
    """The round's exam task (its question bank) and the pinned dataset (NotFound when the
    round has none)."""
    row = (
        await session.execute(
            select(RoundTask, Dataset)
            .join(Task, Task.id == RoundTask.task_id)
            .join(Dataset, Dataset.id == RoundTask.dataset_id)
            .where(RoundTask.round_id == round.id, Task.type == EXAM_TYPE)
            .order_by(RoundTask.position, RoundTask.label)
            .limit(1)
        )
    ).first()
    if row is None:
        raise NotFound("exam_no_bank")
    return row[0], row[1]


def round_blueprint(round: Round, manifest: Mapping[str, Any]) -> Blueprint:
    """The round's own blueprint, or the bank's default one."""
    return checked_blueprint(round.blueprint or manifest["blueprint"])


async def paper_of(session: AsyncSession, round_id: int, participation_id: int) -> Paper | None:
    return await session.get(Paper, (round_id, participation_id))


async def seen_questions(
    session: AsyncSession, user_id: int, task_id: int, round_id: int
) -> set[str]:
    """The questions of bank ``task_id`` the student met in papers of other rounds."""
    rows = await session.scalars(
        select(Paper.questions)
        .join(Participation, Participation.id == Paper.participation_id)
        .where(
            Participation.user_id == user_id, Paper.task_id == task_id, Paper.round_id != round_id
        )
    )
    return {str(item["id"]) for questions in rows for item in questions}


def _insert(session: AsyncSession) -> postgresql.Insert | sqlite.Insert:
    dialect = session.get_bind().dialect.name
    if dialect == "postgresql":
        return postgresql.insert(Paper)
    return sqlite.insert(Paper)


async def draw_paper(
    session: AsyncSession, contest: Contest, round: Round, participation: Participation
) -> Paper:
    """The participant's paper in ``round``, drawn now unless it already was (in the caller's
    transaction). Concurrent calls keep one row: the insert does nothing on conflict, and the
    row is read back."""
    existing = await paper_of(session, round.id, participation.id)
    if existing is not None:
        return existing
    round_task, dataset = await exam_task(session, round)
    try:
        blueprint = round_blueprint(round, dataset.manifest)
        seed = paper_seed(contest.slug, round.id, participation.id)
        seen: set[str] = set()
        if blueprint.avoid_repeats:
            seen = await seen_questions(
                session, participation.user_id, round_task.task_id, round.id
            )
        questions = draw(bank_of(dataset.manifest), blueprint, seed, seen)
    except ValueError as exc:
        raise InvalidInput("exam_blueprint_invalid", field="blueprint", reason=str(exc)) from None
    await session.execute(
        _insert(session)
        .values(
            round_id=round.id,
            participation_id=participation.id,
            task_id=round_task.task_id,
            seed=seed,
            questions=questions,
            drawn_at=utcnow(),
        )
        .on_conflict_do_nothing()
    )
    paper = await session.scalar(
        select(Paper)
        .where(Paper.round_id == round.id, Paper.participation_id == participation.id)
        .execution_options(populate_existing=True)
    )
    assert paper is not None
    return paper


async def hold_paper(session: AsyncSession, round_id: int, participation_id: int) -> Paper | None:
    """The paper, locked until the caller's transaction ends (an update of its own row: a row
    lock on PostgreSQL, the write lock on SQLite), so that two submissions of one paper are
    taken one after the other."""
    await session.execute(
        update(Paper)
        .where(Paper.round_id == round_id, Paper.participation_id == participation_id)
        .values(seed=Paper.seed)
    )
    return await session.scalar(
        select(Paper)
        .where(Paper.round_id == round_id, Paper.participation_id == participation_id)
        .execution_options(populate_existing=True)
    )


async def review_opens_at(session: AsyncSession, contest: Contest, round: Round) -> datetime:
    """When the answers of a round's papers may be reviewed: once the round's window has
    closed for everyone, the longest extra time included (nobody is still sitting it)."""
    extra = await session.scalar(
        select(func.max(Entry.extra_minutes + Participation.extra_minutes))
        .select_from(Participation)
        .join(Entry, Entry.id == Participation.entry_id)
        .where(Participation.contest_id == contest.id)
    )
    return round.ends_at + timedelta(minutes=int(extra or 0))


def exam_round(rounds: list[Round]) -> Round | None:
    """A contest's exam round: the first with a blueprint (its papers are drawn by it)."""
    return next((r for r in rounds if r.blueprint is not None), None)


async def start_exam(
    session: AsyncSession, user: User, contest: Contest, round: Round, now: datetime
) -> Paper:
    """Start the participant's timer in the exam round (once, however often pressed) and draw
    their paper, in the caller's transaction."""
    if round.blueprint is None or round.contest_id != contest.id:
        raise InvalidInput("exam_not_exam_round", field="round")
    await sittings.start_round(session, user, contest, round, now)
    place = await access.participation(session, contest.id, user.id)
    assert place is not None  # start_round refuses a non-participant
    return await draw_paper(session, contest, round, place)
