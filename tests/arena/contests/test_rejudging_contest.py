"""Rejudging contest submissions: on the round task's pinned dataset, not the live one (a
re-import mid-contest changes nothing), let through whatever practice's locks say, refreshing
the board's cells when applied and logged on the contest; moving a round task to a new
dataset through the rejudging preview."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from ictarena.accounts.models import Role, User
from ictarena.catalog.models import Task, Tier
from ictarena.catalog.packages.importer import import_catalogue
from ictarena.catalog.packages.sources import read_paths
from ictarena.catalog.tracks import seed_bundled_tracks
from ictarena.contests.models import Contest, Participation, Round, RoundTask, ScoreCell
from ictarena.contests.papers import draw_paper
from ictarena.db import Database
from ictarena.errors import Forbidden, InvalidInput, NotFound
from ictarena.events.models import AuditEntry
from ictarena.intake.contest import accept_contest
from ictarena.intake.contest_datasets import move_dataset
from ictarena.intake.eligibility import still_allowed
from ictarena.intake.service import accept
from ictarena.settings import Settings
from ictarena.submissions import rejudging as rejudgings
from ictarena.submissions.models import Judging, JudgingStatus, Rejudging, Submission
from tests.arena.catalog.builders import BUNDLED_SETS, problem_set
from tests.arena.contests.intake_setup import (
    QUIZ,
    RULES,
    ZONE,
    Jobs,
    Stage,
    cell,
    exam_manifest,
    finish,
    judging_of,
    minutes,
    new_dataset,
    outlets,
    person,
    stage,
    task,
)
from tests.arena.helpers import UserFactory, log_in
from tests.arena.pages import open_site

CODE = {"a.cpp": "int main() { return 0; }"}


async def _staged(db: Database) -> Stage:
    async with db.session() as session:
        world = await stage(session)
        await session.commit()
    return world


async def _submit(db: Database, world: Stage, name: str, task_id: int) -> int:
    async with db.session() as session:
        made = await accept_contest(
            session,
            world.members[name],
            world.contest.id,
            world.lab.id,
            task_id,
            "cpp",
            CODE,
            RULES,
            outlets(),
        )
        judging = await judging_of(session, made.id)
        return judging.id


async def _new_judgings(db: Database, rejudging_id: int) -> list[Judging]:
    async with db.session() as session:
        rows = await rejudgings.preview(session, rejudging_id)
        return [row.new for row in rows]


async def _actor(session: AsyncSession, user: User) -> User:
    found = await session.get(User, user.id)
    assert found is not None
    return found


async def _audits(db: Database, action: str) -> list[dict[str, Any]]:
    async with db.session() as session:
        rows = await session.scalars(
            select(AuditEntry).where(AuditEntry.action == action).order_by(AuditEntry.id)
        )
        return [{"target": row.target, **row.details} for row in rows]


async def _pin(db: Database, round: Round, task_id: int) -> int:
    async with db.session() as session:
        pinned = await session.scalar(
            select(RoundTask.dataset_id).where(
                RoundTask.round_id == round.id, RoundTask.task_id == task_id
            )
        )
        assert pinned is not None
        return int(pinned)


async def test_a_reimport_mid_contest_changes_nothing_and_a_rejudge_keeps_the_pin(
    any_db: Database, tmp_path: Path
) -> None:
    """A real import, a contest pinned to its dataset, then the task re-imported with a new
    test: the contest still judges (and rejudges) with the pinned version, practice with the
    new live one."""
    tasks_dir = tmp_path / "datasets"
    set_dir = problem_set(tmp_path / "sets")
    async with any_db.session() as session:
        await seed_bundled_tracks(session, BUNDLED_SETS)
        await import_catalogue(session, read_paths([set_dir]), tasks_dir)
        await session.commit()
        task = await session.scalar(select(Task).where(Task.slug == "aplusb"))
        assert task is not None and task.live_dataset_id is not None
        first = task.live_dataset_id
        world = await stage(session)
        session.add(RoundTask(round_id=world.lab.id, task_id=task.id, dataset_id=first, label="C"))
        await session.commit()
    before = await _submit(any_db, world, "ann", task.id)
    (set_dir / "aplusb" / "data" / "secret" / "03.in").write_text("2 2\n")
    (set_dir / "aplusb" / "data" / "secret" / "03.ans").write_text("4\n")
    async with any_db.session() as session:
        report = await import_catalogue(session, read_paths([set_dir]), tasks_dir)
        await session.commit()
        [change] = report.datasets_changed()
        assert change.task_id == task.id and change.previous_dataset_id == first
        second = change.dataset_id
    after = await _submit(any_db, world, "cat", task.id)
    async with any_db.session() as session:
        practice = await accept(session, world.admin, task.id, "cpp", CODE, RULES, outlets())
        judged = {
            j.id: j.dataset_id
            for j in (await session.scalars(select(Judging).order_by(Judging.id))).all()
        }
    assert judged[before] == judged[after] == first != second
    assert await _pin(any_db, world.lab, task.id) == first
    async with any_db.session() as session:
        created, users = await rejudgings.create_rejudging(
            session,
            await _actor(session, world.admin),
            task_id=task.id,
            reason="new test",
            allowed=still_allowed,
        )
        await session.commit()
        rows = await rejudgings.preview(session, created.id)
        on = {row.submission.id: row.new.dataset_id for row in rows}
        submissions = {s.id: s for s in (await session.scalars(select(Submission))).all()}
    assert created.scope["left_out"] == 0
    assert sorted(users) == sorted(s.user_id for s in submissions.values())
    contest_ids = {sid for sid, s in submissions.items() if s.round_id is not None}
    assert {on[sid] for sid in contest_ids} == {first}
    assert on[practice.id] == second


async def test_still_allowed_lets_a_participants_contest_submissions_through(
    any_db: Database,
) -> None:
    world = await _staged(any_db)
    ann, cat = world.members["ann"].id, world.members["cat"].id
    hidden, loose = world.tasks[0].id, world.loose.id
    ann_place = world.places["ann"].id
    keys: set[tuple[int, ...]] = {
        (ann, hidden, ann_place),  # hers, and the contest has the task: through
        (cat, hidden, ann_place),  # someone else's participation
        (ann, loose, ann_place),  # a task in none of the contest's rounds
        (ann, hidden),  # practice: the task is hidden
    }
    async with any_db.session() as session:
        assert await still_allowed(session, keys) == {(ann, hidden, ann_place)}
        assert await still_allowed(session, set()) == set()


async def test_applying_a_rejudging_refreshes_the_cells_and_logs_it_on_the_contest(
    any_db: Database,
) -> None:
    world = await _staged(any_db)
    hidden = world.tasks[0].id  # hidden from practice: still rejudged
    first = await _submit(any_db, world, "ann", hidden)
    await finish(any_db, first, "AC")

    async def rejudge(verdict: str) -> int:
        async with any_db.session() as session:
            submission_id = (await session.get(Judging, first)).submission_id  # type: ignore[union-attr]
            created, _users = await rejudgings.create_rejudging(
                session,
                await _actor(session, world.admin),
                submission_ids=[submission_id],
                allowed=still_allowed,
            )
            await session.commit()
            assert created.scope["left_out"] == 0
            rejudging_id = created.id
        [new] = await _new_judgings(any_db, rejudging_id)
        await finish(any_db, new.id, verdict)  # a rejudging's judging is not yet valid
        async with any_db.session() as session:
            shown = await cell(session, world.lab, hidden, world.red)
            assert shown is not None and shown.solved == (verdict == "WA")
            await rejudgings.apply_rejudging(
                session, await _actor(session, world.admin), rejudging_id, ZONE
            )
            await session.commit()
        return rejudging_id

    frozen = await rejudge("WA")
    async with any_db.session() as session:
        shown = await cell(session, world.lab, hidden, world.red)
        assert shown is not None and (shown.solved, shown.tries) == (False, 1)
        contest = await session.get(Contest, world.contest.id)
        assert contest is not None
        contest.revealed_at = minutes(0)  # the jury revealed the board
        await session.commit()
    unfrozen = await rejudge("AC")
    async with any_db.session() as session:
        shown = await cell(session, world.lab, hidden, world.red)
        assert shown is not None and shown.solved
    target = f"contest:{world.contest.id}"
    assert [
        (a["target"], a["rejudging"], a["submissions"], a["after_unfreeze"])
        for a in await _audits(any_db, "contest.rejudge")
    ] == [(target, frozen, 1, False), (target, unfrozen, 1, True)]


async def test_moving_a_round_task_to_a_new_dataset_goes_through_the_preview(
    any_db: Database,
) -> None:
    world = await _staged(any_db)
    plain = world.tasks[1]
    pinned = await _pin(any_db, world.lab, plain.id)
    for name in ("ann", "cat"):
        await finish(any_db, await _submit(any_db, world, name, plain.id), "AC")
    async with any_db.session() as session:
        row = await session.get(Task, plain.id)
        assert row is not None
        target = (await new_dataset(session, row)).id
        await session.commit()

    async def move() -> Rejudging:
        async with any_db.session() as session:
            round_task = await session.get(RoundTask, (world.lab.id, plain.id))
            assert round_task is not None
            return await move_dataset(
                session,
                await _actor(session, world.coach),  # the contest's creator: its jury
                world.contest,
                round_task,
                target,
                reason="a wrong answer file",
                queue=Jobs(),
            )

    cancelled = await move()
    assert cancelled.scope["round_task"] == {
        "round": world.lab.id,
        "task": plain.id,
        "from": pinned,
        "dataset": target,
    }
    assert {j.dataset_id for j in await _new_judgings(any_db, cancelled.id)} == {target}
    # While the preview is open, the contest still judges with the pin.
    during = await _submit(any_db, world, "bob", plain.id)
    async with any_db.session() as session:
        assert (await session.get(Judging, during)).dataset_id == pinned  # type: ignore[union-attr]
        await rejudgings.cancel_rejudging(session, await _actor(session, world.admin), cancelled.id)
        await session.commit()
    assert await _pin(any_db, world.lab, plain.id) == pinned

    applied = await move()
    news = await _new_judgings(any_db, applied.id)
    assert len(news) == 3
    for new in news:
        await finish(any_db, new.id, "WA")
    assert await _pin(any_db, world.lab, plain.id) == pinned
    async with any_db.session() as session:
        await rejudgings.apply_rejudging(
            session, await _actor(session, world.admin), applied.id, ZONE
        )
        await session.commit()
    assert await _pin(any_db, world.lab, plain.id) == target
    after = await _submit(any_db, world, "cat", plain.id)
    async with any_db.session() as session:
        assert (await session.get(Judging, after)).dataset_id == target  # type: ignore[union-attr]
        for entry in (world.red, world.blue):
            shown = await cell(session, world.lab, plain.id, entry)
            assert shown is not None and not shown.solved
    moves = await _audits(any_db, "contest.move_dataset")
    assert [m["rejudging"] for m in moves] == [cancelled.id, applied.id]
    [logged] = [a for a in await _audits(any_db, "contest.rejudge")]
    assert logged["rejudging"] == applied.id and logged["round_task"]["dataset"] == target


async def test_moving_a_task_nobody_submitted_to_moves_the_pin_when_applied(
    any_db: Database,
) -> None:
    world = await _staged(any_db)
    quiz = world.tasks[2]
    async with any_db.session() as session:
        row = await session.get(Task, quiz.id)
        assert row is not None
        target = (await new_dataset(session, row, {"quiz": {"questions": []}})).id
        round_task = await session.get(RoundTask, (world.theory.id, quiz.id))
        assert round_task is not None
        moved = await move_dataset(
            session, await _actor(session, world.admin), world.contest, round_task, target
        )
        await session.commit()
        assert await rejudgings.preview(session, moved.id) == []
        assert (
            await rejudgings.apply_rejudging(
                session, await _actor(session, world.admin), moved.id, ZONE
            )
            == 0
        )
        await session.commit()
    assert await _pin(any_db, world.theory, quiz.id) == target


async def test_moving_a_dataset_is_refused_to_outsiders_and_for_a_wrong_dataset(
    any_db: Database,
) -> None:
    world = await _staged(any_db)
    other = await _staged(any_db)
    plain = world.tasks[1]
    async with any_db.session() as session:
        stranger = await person(session, Role.COACH)  # a coach not on this contest's jury
        await session.commit()
        round_task = await session.get(RoundTask, (world.lab.id, plain.id))
        foreign = await session.get(RoundTask, (other.lab.id, other.tasks[1].id))
        assert round_task is not None and foreign is not None
        admin = await _actor(session, world.admin)
        wrong = other.tasks[1].live_dataset_id
        assert wrong is not None
        with pytest.raises(Forbidden):
            await move_dataset(
                session, await _actor(session, stranger), world.contest, round_task, wrong
            )
        with pytest.raises(InvalidInput) as not_of_task:
            await move_dataset(session, admin, world.contest, round_task, wrong)
        assert (not_of_task.value.message, not_of_task.value.field) == (
            "contest_dataset_not_of_task",
            "dataset",
        )
        with pytest.raises(InvalidInput) as unchanged:
            await move_dataset(session, admin, world.contest, round_task, round_task.dataset_id)
        assert unchanged.value.message == "contest_dataset_unchanged"
        with pytest.raises(NotFound):  # another contest's round task, through this contest
            await move_dataset(session, admin, world.contest, foreign, wrong)
        await session.rollback()
        assert (await session.scalars(select(Rejudging))).all() == []


@pytest.mark.postgres
async def test_the_preview_page_says_what_applying_a_dataset_move_does(
    committed_db: Database, settings: Settings
) -> None:
    world = await _staged(committed_db)
    plain = world.tasks[1]
    pinned = await _pin(committed_db, world.lab, plain.id)
    admin = await UserFactory(committed_db.sessionmaker())(Role.ADMIN)
    async with committed_db.session() as session:
        row = await session.get(Task, plain.id)
        assert row is not None
        target = (await new_dataset(session, row)).id
        round_task = await session.get(RoundTask, (world.lab.id, plain.id))
        assert round_task is not None
        moved = await move_dataset(
            session, await _actor(session, admin), world.contest, round_task, target
        )
        await session.commit()
    async with open_site(settings, committed_db) as (client, _queue):
        await log_in(client, admin.username)
        page = await client.get(f"/admin/rejudgings/{moved.id}")
    assert page.status_code == 200
    assert (
        f"Applying it makes the contest judge this task with dataset #{target} instead of "
        f"#{pinned}; cancelling keeps #{pinned}." in page.text
    )


async def test_a_move_older_than_some_submissions_is_refused_until_made_again(
    any_db: Database,
) -> None:
    """A submission made while a move's preview is open is judged on the old pin; applying
    that preview would leave it judged on another dataset than the rest."""
    world = await _staged(any_db)
    plain = world.tasks[1]
    pinned = await _pin(any_db, world.lab, plain.id)
    await finish(any_db, await _submit(any_db, world, "ann", plain.id), "AC")
    async with any_db.session() as session:
        row = await session.get(Task, plain.id)
        assert row is not None
        target = (await new_dataset(session, row)).id
        await session.commit()

    async def move() -> int:
        async with any_db.session() as session:
            round_task = await session.get(RoundTask, (world.lab.id, plain.id))
            assert round_task is not None
            made = await move_dataset(
                session, await _actor(session, world.admin), world.contest, round_task, target
            )
            await session.commit()
        for new in await _new_judgings(any_db, made.id):
            await finish(any_db, new.id, "AC")
        return made.id

    stale = await move()
    await _submit(any_db, world, "cat", plain.id)  # while the preview is open
    async with any_db.session() as session:
        with pytest.raises(InvalidInput) as outdated:
            await rejudgings.apply_rejudging(
                session, await _actor(session, world.admin), stale, ZONE
            )
        assert (outdated.value.message, outdated.value.params) == (
            "contest_move_outdated",
            {"n": 1},
        )
        await session.rollback()
        await rejudgings.cancel_rejudging(session, await _actor(session, world.admin), stale)
        await session.commit()
    assert await _pin(any_db, world.lab, plain.id) == pinned
    fresh = await move()
    assert len(await _new_judgings(any_db, fresh)) == 2
    async with any_db.session() as session:
        await rejudgings.apply_rejudging(session, await _actor(session, world.admin), fresh, ZONE)
        await session.commit()
    assert await _pin(any_db, world.lab, plain.id) == target


async def test_an_exams_corrected_key_regrades_each_paper_at_once(any_db: Database) -> None:
    """A wrong key found in a mock exam: the jury moves the round's bank to the corrected
    version; every hand-in is regraded against its own paper as the preview is made (no judge
    is involved), and applying it puts the corrected scores on the board."""
    world = await _staged(any_db)
    async with any_db.session() as session:
        tier = await session.scalar(
            select(Tier).where(Tier.track_id == world.track_id, Tier.level == 1)
        )
        assert tier is not None
        exam = await task(session, tier, type="exam", visible=False, manifest=exam_manifest())
        assert exam.live_dataset_id is not None
        session.add(
            RoundTask(
                round_id=world.theory.id,
                task_id=exam.id,
                dataset_id=exam.live_dataset_id,
                label="E",
                points=1000,
                position=1,
            )
        )
        await session.execute(
            update(Round).where(Round.id == world.theory.id).values(starts_at=minutes(-1))
        )
        await session.commit()
        contest = await session.get(Contest, world.contest.id)
        theory = await session.get(Round, world.theory.id)
        place = await session.get(Participation, world.places["cat"].id)
        assert contest is not None and theory is not None and place is not None
        paper = await draw_paper(session, contest, theory, place)
        await session.commit()
        on_paper = [str(item["id"]) for item in paper.questions]
    async with any_db.session() as session:
        handed = await accept_contest(
            session,
            world.members["cat"],
            world.contest.id,
            world.theory.id,
            exam.id,
            None,
            {"answers.json": json.dumps(dict.fromkeys(on_paper, "b"))},
            RULES,
            outlets(),
        )
        assert (await judging_of(session, handed.id)).score == 1000.0
        row = await session.get(Task, exam.id)
        assert row is not None
        corrected = (await new_dataset(session, row, exam_manifest(routing="c"))).id
        round_task = await session.get(RoundTask, (world.theory.id, exam.id))
        assert round_task is not None
        jobs = Jobs()
        moved = await move_dataset(
            session,
            await _actor(session, world.admin),
            world.contest,
            round_task,
            corrected,
            queue=jobs,
        )
    assert jobs.jobs == []  # nothing for a judge
    [new] = await _new_judgings(any_db, moved.id)
    assert (new.status, new.score) == (JudgingStatus.DONE, 500.0)  # routing's five now wrong
    async with any_db.session() as session:
        await rejudgings.apply_rejudging(
            session, await _actor(session, world.admin), moved.id, ZONE
        )
        await session.commit()
        assert (await judging_of(session, handed.id)).score == 500.0
        shown = await session.scalar(
            select(ScoreCell).where(
                ScoreCell.round_id == world.theory.id,
                ScoreCell.task_id == exam.id,
                ScoreCell.member_id == world.places["cat"].id,
            )
        )
        assert shown is not None and shown.score == 500.0


async def test_a_practice_quiz_is_regraded_at_once_not_queued(any_db: Database) -> None:
    world = await _staged(any_db)
    quiz = world.tasks[2]
    async with any_db.session() as session:
        made = await accept(
            session,
            world.admin,
            quiz.id,
            None,
            {"answers.json": json.dumps({"q1": "b"})},
            RULES,
            outlets(),
        )
        row = await session.get(Task, quiz.id)
        assert row is not None
        wrong_key = dict(QUIZ, questions=[dict(QUIZ["questions"][0])])
        wrong_key["questions"][0]["options"] = [
            {"id": "a", "text": {"en": "L2", "zh": "二层"}, "correct": True},
            {"id": "b", "text": {"en": "L3", "zh": "三层"}},
        ]
        row.live_dataset_id = (await new_dataset(session, row, {"quiz": wrong_key})).id
        await session.commit()
        created, users = await rejudgings.create_rejudging(
            session,
            await _actor(session, world.admin),
            submission_ids=[made.id],
            allowed=still_allowed,
        )
        await session.commit()
    assert users == []
    [new] = await _new_judgings(any_db, created.id)
    assert (new.status, new.verdict, new.valid) == (JudgingStatus.DONE, "WA", False)
