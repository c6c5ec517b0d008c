"""The jury's live view of a contest: the judge's queue per round (waiting submissions oldest
first, totals with judge errors), the backlog beside the platform's queue, who has not started
(a personal timer not pressed; in a fixed round, nothing submitted yet; excused students aside),
whose time runs and when it ends with the extra minutes given."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import update

from ictarena.contests.models import Entry, Round, RoundKind, WindowType
from ictarena.contests.roster import EntryLine, Member, Roster
from ictarena.contests.windows import Phase
from ictarena.db import Database, utcnow
from ictarena.intake.contest import accept_contest
from ictarena.submissions.contest_watch import Counts, contest_watch, watch
from ictarena.submissions.models import Judging, JudgingStatus
from tests.arena.contests.intake_setup import RULES, Jobs, finish, judging_of, outlets, stage

CODE = {"a.cpp": "int main() { return 0; }"}


async def test_the_queue_backlog_and_idle_entries_of_a_running_contest(any_db: Database) -> None:
    async with any_db.session() as session:
        world = await stage(session)
        await session.commit()
    plain = world.tasks[1]  # label B in the lab round
    made = []
    for name in ("ann", "bob", "ann"):
        async with any_db.session() as session:
            made.append(
                await accept_contest(
                    session,
                    world.members[name],
                    world.contest.id,
                    world.lab.id,
                    plain.id,
                    "cpp",
                    CODE,
                    RULES,
                    outlets(Jobs()),
                )
            )
    async with any_db.session() as session:
        judged = await judging_of(session, made[0].id)
        failed = await judging_of(session, made[1].id)
    await finish(any_db, judged.id, "WA")
    async with any_db.transaction() as session:
        await session.execute(
            update(Judging).where(Judging.id == failed.id).values(status=JudgingStatus.ERROR)
        )
    now = utcnow()
    async with any_db.session() as session:
        seen = await contest_watch(session, world.contest, now)

    lab, theory = seen.rounds
    assert lab.round.id == world.lab.id and theory.round.id == world.theory.id
    assert (lab.submitted, lab.judged, lab.errors) == (3, 1, 1)
    [waiting] = lab.waiting
    assert waiting.submission_id == made[2].id and waiting.label == "B"
    assert (waiting.entry_name, waiting.username) == ("Red", world.members["ann"].username)
    assert waiting.status is JudgingStatus.QUEUED and waiting.wait_s >= 0
    # A fixed round: Blue has submitted nothing yet; both teams' time runs.
    assert [c.name for c in lab.not_started] == ["Blue"]
    assert {c.name for c in lab.running} == {"Blue", "Red"}
    assert all(c.window.end == world.lab.ends_at for c in lab.running)
    assert {c.entry.name: c.submitted for c in lab.running} == {"Blue": 0, "Red": 3}
    # The theory round is individual and has not opened: every student, before.
    assert {c.member.user.id for c in theory.not_started if c.member} == {
        world.members[n].id for n in ("ann", "bob", "cat")
    }
    assert {c.phase for c in theory.not_started} == {Phase.BEFORE} and not theory.running
    assert (seen.backlog.queued, seen.backlog.judging) == (1, 0)
    assert seen.backlog.oldest_s == waiting.wait_s
    assert seen.backlog.platform_queued >= 1 and not seen.waiting_capped


def _round(window: WindowType, kind: RoundKind = RoundKind.LAB) -> Round:
    now = utcnow()
    return Round(
        id=7,
        contest_id=1,
        position=1,
        name="Lab",
        kind=kind,
        window=window,
        starts_at=now - timedelta(minutes=30),
        ends_at=now + timedelta(minutes=90),
        duration_min=60,
        freeze_min=None,
    )


def _people() -> Roster:
    from ictarena.accounts.models import Role, User
    from ictarena.contests.models import Participation

    lines = []
    for number, name in enumerate(("Red", "Blue", "Green"), start=1):
        entry = Entry(id=number, contest_id=1, name=name, team=True, extra_minutes=0)
        user = User(id=number, username=name.lower(), display_name=name, role=Role.STUDENT)
        place = Participation(id=10 + number, contest_id=1, user_id=number, entry_id=number)
        place.extra_minutes = 0
        lines.append(EntryLine(entry, [Member(place, user)]))
    return Roster(lines, frozenset({(7, 13)}))  # green's student excused from round 7


def test_personal_timers_not_pressed_running_with_extra_minutes_and_excused_students() -> None:
    now = utcnow()
    lab = _round(WindowType.PERSONAL)
    people = _people()
    people.entries[0].entry.extra_minutes = 15
    started = {(7, 1, 0): now - timedelta(minutes=20)}  # red pressed start 20 minutes ago
    seen = watch([lab], people, started, {(7, 1, 0): 2}, {7: Counts(2, 2)}, [], (0, 0), now)
    [one] = seen.rounds
    assert one.personal
    [red] = one.running
    assert red.name == "Red" and red.extra_min == 15 and red.submitted == 2
    assert red.window.end == now - timedelta(minutes=20) + timedelta(minutes=60 + 15)
    assert [(c.name, c.phase) for c in one.not_started] == [
        ("Blue", Phase.OPEN),
        ("Green", Phase.OPEN),
    ]
    assert (one.submitted, one.judged) == (2, 2) and seen.backlog.oldest_s is None

    theory = _round(WindowType.PERSONAL, RoundKind.THEORY)  # individual: green is excused
    seen = watch([theory], people, {}, {}, {}, [], (3, 1), now)
    assert [c.key for c in seen.rounds[0].not_started] == ["extra-p12", "extra-p11"]
    assert (seen.backlog.platform_queued, seen.backlog.platform_judging) == (3, 1)

    later = now + timedelta(hours=3)  # the window closed: nobody is "not started" any more
    seen = watch([lab], people, started, {}, {}, [], (0, 0), later)
    assert not seen.rounds[0].not_started and not seen.rounds[0].running
