"""The jury's live view of a contest: what the judge still owes each round, who has not
started, whose clock runs and when it stops.

- **The queue per round**: every submission of the round whose counting judging is still
  queued or running, oldest first, with how long it has waited; and the round's totals
  (submitted, judged, judge errors).
- **The backlog**: the contest's waiting submissions and the oldest wait, beside the whole
  platform's queue (practice shares the judges with the contest).
- **Not started**: in a round with personal timers, the subjects (a team, or a student in a
  theory round) who have not pressed start, excused ones aside; in a fixed round, where
  everyone's time starts together, the subjects who have not submitted anything yet.
- **Clocks**: each subject's window with its extra minutes, so that the jury sees whose time
  ends when before giving extra time.

Read in five statements whatever the contest's size: the rounds, the roster, the sittings, the
round counts (one grouped statement) and the waiting submissions (capped at
:data:`WAITING_SHOWN` per contest, oldest first); :func:`watch` is a pure function of them.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import and_, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from ictarena.contests import access, roster
from ictarena.contests.models import Contest, Entry, Round, RoundTask, Sitting, WindowType
from ictarena.contests.roster import Member, Roster
from ictarena.contests.windows import Phase, Window, extra_minutes, phase, subject_window
from ictarena.submissions.models import Judging, JudgingStatus, Submission

WAITING_SHOWN = 200
WAITING = (JudgingStatus.QUEUED, JudgingStatus.JUDGING)


@dataclass(frozen=True, slots=True)
class Waiting:
    """A submission the judge has not finished."""

    submission_id: int
    round_id: int
    label: str  # the task's label in the round
    entry_name: str
    username: str
    status: JudgingStatus
    submitted_at: datetime
    wait_s: int


@dataclass(frozen=True, slots=True)
class Clock:
    """One subject's time in one round: a team (``member`` None) or a student of it."""

    entry: Entry
    member: Member | None
    window: Window
    phase: Phase
    extra_min: int
    submitted: int

    @property
    def name(self) -> str:
        if self.member is None:
            return self.entry.name
        return self.member.user.display_name or self.member.user.username

    @property
    def key(self) -> str:
        """The id of the extra-time form that changes this clock."""
        if self.member is None:
            return f"extra-e{self.entry.id}"
        return f"extra-p{self.member.participation.id}"


@dataclass(frozen=True, slots=True)
class RoundWatch:
    round: Round
    submitted: int
    judged: int
    errors: int  # judge errors (JE): the jury should rejudge them
    waiting: list[Waiting]
    not_started: list[Clock]
    running: list[Clock]  # subjects whose time runs now (frozen included)

    @property
    def personal(self) -> bool:
        return self.round.window is WindowType.PERSONAL


@dataclass(frozen=True, slots=True)
class Backlog:
    queued: int  # this contest's submissions waiting for a judge
    judging: int  # being judged now
    oldest_s: int | None  # the longest wait among them
    platform_queued: int  # every queued judging on the platform, practice included
    platform_judging: int


@dataclass(frozen=True, slots=True)
class Watch:
    rounds: list[RoundWatch]
    backlog: Backlog
    waiting_capped: bool  # more waiting submissions than the page lists
    roster: Roster = field(repr=False)


@dataclass(frozen=True, slots=True)
class Counts:
    """One round's submissions by the state of their counting judging."""

    submitted: int = 0
    judged: int = 0
    errors: int = 0
    queued: int = 0
    judging: int = 0


def _subjects(round: Round, people: Roster) -> Iterable[tuple[Entry, Member | None]]:
    for line in people.entries:
        if round.shared:
            if line.members:
                yield line.entry, None
            continue
        for member in line.members:
            if (round.id, member.participation.id) not in people.excused:
                yield line.entry, member


def _clock(
    round: Round,
    entry: Entry,
    member: Member | None,
    started: Mapping[tuple[int, int, int], datetime | None],
    submitted: Mapping[tuple[int, int, int], int],
    now: datetime,
) -> Clock:
    participation = None if member is None else member.participation
    member_id = 0 if participation is None else access.member_id(round, participation)
    key = (round.id, entry.id, member_id)
    extra = extra_minutes(round, entry, participation)
    window = subject_window(round, started.get(key), extra)
    return Clock(entry, member, window, phase(window, round, now), extra, submitted.get(key, 0))


def watch(
    rounds: Sequence[Round],
    people: Roster,
    started: Mapping[tuple[int, int, int], datetime | None],
    submitted: Mapping[tuple[int, int, int], int],
    counts: Mapping[int, Counts],
    waiting: Sequence[Waiting],
    platform: tuple[int, int],
    now: datetime,
) -> Watch:
    """The live view from what was read. ``started`` and ``submitted`` are keyed by subject,
    ``(round id, entry id, member id)`` with member 0 for a team's shared clock; ``waiting``
    is oldest first; ``platform`` the platform's (queued, judging) judgings."""
    watched: list[RoundWatch] = []
    for round in rounds:
        clocks = [_clock(round, e, m, started, submitted, now) for e, m in _subjects(round, people)]
        if round.window is WindowType.PERSONAL:
            idle = [c for c in clocks if c.window.start is None and c.phase is not Phase.OVER]
        else:
            idle = [c for c in clocks if c.submitted == 0 and c.phase is not Phase.OVER]
        running = [c for c in clocks if c.phase in (Phase.RUNNING, Phase.FROZEN)]
        running.sort(key=lambda c: (c.window.end or now, c.name))
        numbers = counts.get(round.id, Counts())
        watched.append(
            RoundWatch(
                round,
                numbers.submitted,
                numbers.judged,
                numbers.errors,
                [w for w in waiting if w.round_id == round.id],
                sorted(idle, key=lambda c: c.name),
                running,
            )
        )
    queued = sum(c.queued for c in counts.values())
    judging = sum(c.judging for c in counts.values())
    oldest = max((w.wait_s for w in waiting), default=None)
    backlog = Backlog(queued, judging, oldest, platform[0], platform[1])
    return Watch(watched, backlog, queued + judging > len(waiting), people)


async def contest_watch(session: AsyncSession, contest: Contest, now: datetime) -> Watch:
    """Read what :func:`watch` needs for ``contest`` at server time ``now``."""
    rounds = await access.rounds(session, contest.id)
    people = await roster.roster(session, contest.id)
    round_ids = [r.id for r in rounds]
    started: dict[tuple[int, int, int], datetime | None] = {}
    if round_ids:
        rows = await session.execute(
            select(Sitting.round_id, Sitting.entry_id, Sitting.member_id, Sitting.started_at).where(
                Sitting.round_id.in_(round_ids)
            )
        )
        started = {(r, e, m): at for r, e, m, at in rows}
    counted = and_(Judging.submission_id == Submission.id, Judging.valid.is_(True))
    of_contest = and_(Submission.round_id.in_(round_ids), Submission.is_reference.is_(False))
    grouped = await session.execute(
        select(
            Submission.round_id,
            Submission.entry_id,
            Submission.participation_id,
            Judging.status,
            func.count(),
        )
        .outerjoin(Judging, counted)
        .where(of_contest)
        .group_by(
            Submission.round_id, Submission.entry_id, Submission.participation_id, Judging.status
        )
    )
    by_round: dict[int, dict[str, int]] = {}
    submitted: dict[tuple[int, int, int], int] = {}
    rounds_by_id = {r.id: r for r in rounds}
    for round_id, entry_id, participation_id, status, number in grouped:
        if round_id is None:  # pragma: no cover - the query asks for the contest's rounds
            continue
        tally = by_round.setdefault(round_id, {})
        state = str(status or JudgingStatus.QUEUED)
        tally[state] = tally.get(state, 0) + number
        round = rounds_by_id[round_id]
        member = 0 if round.shared or participation_id is None else participation_id
        key = (round_id, entry_id or 0, member)
        submitted[key] = submitted.get(key, 0) + number
    counts = {
        round_id: Counts(
            submitted=sum(tally.values()),
            judged=tally.get(JudgingStatus.DONE, 0),
            errors=tally.get(JudgingStatus.ERROR, 0),
            queued=tally.get(JudgingStatus.QUEUED, 0),
            judging=tally.get(JudgingStatus.JUDGING, 0),
        )
        for round_id, tally in by_round.items()
    }
    waiting = await _waiting(session, round_ids, people, now)
    platform = dict(
        (
            await session.execute(
                select(Judging.status, func.count())
                .where(Judging.status.in_(WAITING))
                .group_by(Judging.status)
            )
        ).all()
    )
    totals = (platform.get(JudgingStatus.QUEUED, 0), platform.get(JudgingStatus.JUDGING, 0))
    return watch(rounds, people, started, submitted, counts, waiting, totals, now)


async def _waiting(
    session: AsyncSession, round_ids: list[int], people: Roster, now: datetime
) -> list[Waiting]:
    if not round_ids:
        return []
    rows = await session.execute(
        select(
            Submission.id,
            Submission.round_id,
            Submission.entry_id,
            Submission.user_id,
            Submission.created_at,
            Judging.status,
            RoundTask.label,
        )
        .outerjoin(Judging, and_(Judging.submission_id == Submission.id, Judging.valid.is_(True)))
        .join(
            RoundTask,
            and_(
                RoundTask.round_id == Submission.round_id, RoundTask.task_id == Submission.task_id
            ),
            isouter=True,
        )
        .where(
            Submission.round_id.in_(round_ids),
            Submission.is_reference.is_(False),
            (Judging.status.in_(WAITING)) | (Judging.id.is_(None)),
        )
        .order_by(Submission.created_at, Submission.id)
        .limit(WAITING_SHOWN)
    )
    entries = {line.entry.id: line.entry.name for line in people.entries}
    users = {m.user.id: m.user.username for m in people.participants}
    return [
        Waiting(
            submission_id=sid,
            round_id=round_id or 0,
            label=label or "?",
            entry_name=entries.get(entry_id or 0, "—"),
            username=users.get(user_id, "—"),
            status=status or JudgingStatus.QUEUED,
            submitted_at=created,
            wait_s=max(0, int((now - created).total_seconds())),
        )
        for sid, round_id, entry_id, user_id, created, status, label in rows
    ]
