"""Clarifications and announcements during a contest.

A participant (for a team, any member: the team shares its questions) asks the jury about a
task of a round that has opened, or in general. The jury answers in its own words or with
"answered in the statement", to the asking entry only or to everyone; it may answer again (the
new answer replaces the old one). The jury also announces, to everyone, and may pin an
announcement on the contest page.

Who reads what (:func:`visible`): the jury everything; a participant their entry's questions
and whatever went to everyone; anyone else who may see the contest (an eligible student, an
onlooker of an open contest) what went to everyone. What changed after a reader last opened the
clarifications page is unread (:func:`unread`).

Questions are plain text (control characters other than line breaks are refused), at most
:data:`MAX_TEXT` characters, and each student may ask :data:`QUESTIONS` questions per
:data:`WINDOW_S` seconds. Every change appends an event (:mod:`ictarena.events`): on the
contest's channel for what went to everyone (its id only), on each reader's own channel for
what concerns only them (an entry's answer; a new question for each member of the jury), so
that open pages update live and nothing private goes to anyone else.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import ColumnElement, func, or_, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from ictarena.accounts.models import Role, User
from ictarena.accounts.throttle import take_clarification_slot
from ictarena.contests.access import is_jury, participation, require_jury
from ictarena.contests.cache import channel
from ictarena.contests.models import (
    Audience,
    Clarification,
    ClarificationRead,
    Contest,
    ContestJury,
    Entry,
    Participation,
    Reply,
    Round,
    RoundTask,
)
from ictarena.errors import Forbidden, InvalidInput, NotFound
from ictarena.events.services import append

MAX_TEXT = 1000
QUESTIONS = 5
WINDOW_S = 600
ASKED = "clarification.asked"
ANSWERED = "clarification.answered"
ANNOUNCED = "clarification.announced"


def clean_text(text: str, field: str, required: bool = True) -> str:
    """``text`` stripped, checked: not empty (when ``required``), at most :data:`MAX_TEXT`
    characters, no control characters but line breaks and tabs."""
    value = text.replace("\r\n", "\n").strip()
    if required and not value:
        raise InvalidInput("clarification_empty", field=field)
    if len(value) > MAX_TEXT:
        raise InvalidInput("clarification_too_long", field=field, limit=MAX_TEXT)
    if any(unicodedata.category(c) == "Cc" and c not in "\n\t" for c in value):
        raise InvalidInput("clarification_control", field=field)
    return value


async def open_tasks(
    session: AsyncSession, contest_id: int, now: datetime | None
) -> list[tuple[Round, RoundTask]]:
    """The tasks one may ask about: those of the contest's rounds that have opened at ``now``
    (None: every round's, for the jury)."""
    query = (
        select(Round, RoundTask)
        .join(RoundTask, RoundTask.round_id == Round.id)
        .where(Round.contest_id == contest_id)
        .order_by(Round.position, RoundTask.position, RoundTask.label)
    )
    if now is not None:
        query = query.where(Round.starts_at <= now)
    return [(r, t) for r, t in await session.execute(query)]


async def ask(
    session: AsyncSession,
    user: User,
    contest: Contest,
    text: str,
    subject: tuple[int, int] | None,
    now: datetime,
) -> Clarification:
    """A participant's question (``subject``: the round and task asked about; None: general).
    Refused to anyone but a participant, about a task of no opened round, and past the rate."""
    place = await participation(session, contest.id, user.id)
    if place is None or not user.is_active or user.role is not Role.STUDENT:
        raise Forbidden("clarification_not_participant")
    body = clean_text(text, "text")
    if subject is not None:
        tasks = {(r.id, t.task_id) for r, t in await open_tasks(session, contest.id, now)}
        if subject not in tasks:
            raise InvalidInput("clarification_bad_task", field="subject")
    await take_clarification_slot(session, user.id, QUESTIONS, WINDOW_S, now)
    question = Clarification(
        contest_id=contest.id,
        entry_id=place.entry_id,
        author_id=user.id,
        round_id=subject[0] if subject else None,
        task_id=subject[1] if subject else None,
        text=body,
        created_at=now,
        changed_at=now,
    )
    session.add(question)
    await session.flush()
    for member in await jury_members(session, contest):
        await append(session, ASKED, "clarifications", {"id": question.id}, user_id=member)
    return question


async def answer(
    session: AsyncSession,
    user: User,
    contest: Contest,
    question_id: int,
    reply: Reply,
    text: str,
    audience: Audience,
    now: datetime,
) -> Clarification:
    """The jury's answer (again: it replaces the one before)."""
    await require_jury(session, user, contest)
    question = await session.get(Clarification, question_id)
    if question is None or question.contest_id != contest.id or question.entry_id is None:
        raise NotFound("clarification_not_found")
    body = clean_text(text, "answer", required=reply is Reply.TEXT)
    question.reply, question.answer, question.audience = reply, body or None, audience
    question.answered_by, question.answered_at, question.changed_at = user.id, now, now
    await _tell(session, question, ANSWERED)
    return question


async def announce(
    session: AsyncSession, user: User, contest: Contest, text: str, pinned: bool, now: datetime
) -> Clarification:
    """The jury's announcement to everyone (``pinned``: shown on the contest page)."""
    await require_jury(session, user, contest)
    body = clean_text(text, "text")
    note = Clarification(
        contest_id=contest.id,
        author_id=user.id,
        text=body,
        audience=Audience.EVERYONE,
        pinned=pinned,
        created_at=now,
        changed_at=now,
    )
    session.add(note)
    await session.flush()
    await _tell(session, note, ANNOUNCED)
    return note


async def unpin(session: AsyncSession, user: User, contest: Contest, note_id: int) -> None:
    await require_jury(session, user, contest)
    note = await session.get(Clarification, note_id)
    if note is None or note.contest_id != contest.id or note.entry_id is not None:
        raise NotFound("clarification_not_found")
    note.pinned = False


async def _tell(session: AsyncSession, item: Clarification, kind: str) -> None:
    """The event that makes open pages fetch the change: on the contest's channel when it went
    to everyone, else to each member of the asking entry."""
    payload = {"id": item.id}
    if item.audience is Audience.EVERYONE:
        await append(session, kind, channel(item.contest_id), payload, contest_id=item.contest_id)
        return
    members = await session.scalars(
        select(Participation.user_id).where(Participation.entry_id == item.entry_id)
    )
    for member in members:
        await append(session, kind, "clarifications", payload, user_id=member)


async def jury_members(session: AsyncSession, contest: Contest) -> list[int]:
    """The users told of a new question: the contest's creator and the coaches named on it
    (admins, who may judge any contest, read the jury's page when they judge this one)."""
    named = await session.scalars(
        select(ContestJury.user_id).where(ContestJury.contest_id == contest.id)
    )
    found = {*named, *([contest.created_by] if contest.created_by is not None else [])}
    return sorted(found)


def _visible_to(entry_id: int | None) -> ColumnElement[bool]:
    everyone = Clarification.audience == Audience.EVERYONE
    if entry_id is None:
        return everyone
    return or_(everyone, Clarification.entry_id == entry_id)


async def visible(
    session: AsyncSession, user: User | None, contest: Contest
) -> tuple[bool, int | None, Sequence[Clarification]]:
    """(the reader is on the jury, their entry, what they may read, newest first)."""
    jury = user is not None and await is_jury(session, user, contest)
    place = None if user is None or jury else await participation(session, contest.id, user.id)
    entry_id = place.entry_id if place is not None else None
    query = select(Clarification).where(Clarification.contest_id == contest.id)
    if not jury:
        query = query.where(_visible_to(entry_id))
    items = (await session.scalars(query.order_by(Clarification.id.desc()))).all()
    return jury, entry_id, items


async def entry_names(session: AsyncSession, items: Sequence[Clarification]) -> dict[int, str]:
    """The names of the entries that asked ``items`` (for the jury)."""
    ids = {item.entry_id for item in items if item.entry_id is not None}
    rows = await session.execute(select(Entry.id, Entry.name).where(Entry.id.in_(ids)))
    return {entry: name for entry, name in rows}


async def pinned(session: AsyncSession, contest_id: int) -> Sequence[Clarification]:
    """The contest's pinned announcements, newest first (for everyone who sees the contest)."""
    return (
        await session.scalars(
            select(Clarification)
            .where(Clarification.contest_id == contest_id, Clarification.pinned.is_(True))
            .order_by(Clarification.id.desc())
        )
    ).all()


async def unread(
    session: AsyncSession, user: User, contest: Contest, jury: bool, entry_id: int | None
) -> int:
    """How many items the reader may read changed after they last read the page: for the
    jury, the questions still waiting for an answer instead."""
    query = select(func.count()).select_from(Clarification)
    query = query.where(Clarification.contest_id == contest.id)
    if jury:
        waiting = query.where(Clarification.entry_id.is_not(None), Clarification.reply.is_(None))
        return int(await session.scalar(waiting) or 0)
    seen = await session.scalar(
        select(ClarificationRead.seen_at).where(
            ClarificationRead.contest_id == contest.id, ClarificationRead.user_id == user.id
        )
    )
    query = query.where(_visible_to(entry_id))
    # one's own question is not news; its answer is (answered_by is then set)
    others = or_(Clarification.author_id != user.id, Clarification.author_id.is_(None))
    query = query.where(or_(others, Clarification.answered_by.is_not(None)))
    if seen is not None:
        query = query.where(Clarification.changed_at > seen)
    return int(await session.scalar(query) or 0)


async def mark_read(session: AsyncSession, user: User, contest: Contest, now: datetime) -> None:
    """Everything the reader may read is read, as of ``now`` (one upsert)."""
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    values = {"contest_id": contest.id, "user_id": user.id, "seen_at": now}
    statement = insert(ClarificationRead).values(**values)
    await session.execute(
        statement.on_conflict_do_update(
            index_elements=["contest_id", "user_id"], set_={"seen_at": now}
        )
    )
