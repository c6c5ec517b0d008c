"""Editorials on the task pages: a student reads one once they have solved the task or when
their coach releases it to their cohort; coaches read them always and release or withdraw them
(audited) for their own cohorts only; a contest's task shows its editorial to the jury during
the contest and to its readers after the end — and the refusals: another coach's cohort, a
student posting, a task without editorial, a bogus cohort."""

from __future__ import annotations

from datetime import timedelta

import httpx
import pytest
from sqlalchemy import func, select, update

from ictarena.accounts.models import Cohort, CohortMember, Role, User
from ictarena.catalog.models import Dataset
from ictarena.contests.models import Round
from ictarena.db import Database, utcnow
from ictarena.events.models import AuditEntry
from ictarena.progression.editorials import Access, contest_access, practice_access
from ictarena.progression.models import EditorialRelease
from tests.arena.helpers import UserFactory, csrf_of, log_in
from tests.arena.pages import Site
from tests.arena.test_pages_contests import Client, _cast, as_user

EN = "Read both numbers and print **their sum**."
ZH = "读入两个数，输出**它们的和**。"
TASK = "/tasks/aplusb"
CLOSED = "The editorial opens once you have solved the task, or when your coach releases it."


async def _with_editorial(db: Database, task_id: int) -> None:
    async with db.transaction() as session:
        await session.execute(
            update(Dataset)
            .where(Dataset.task_id == task_id)
            .values(editorial_en=EN, editorial_zh=ZH)
        )


async def _cohort(db: Database, coach: User, *students: User) -> int:
    async with db.transaction() as session:
        cohort = Cohort(name=f"Class of {coach.username}", coach_id=coach.id,
                        invite_code=f"C-{coach.id}")  # fmt: skip
        session.add(cohort)
        await session.flush()
        session.add_all([CohortMember(cohort_id=cohort.id, user_id=s.id) for s in students])
        return cohort.id


async def _release(http: httpx.AsyncClient, cohort: int | str, released: str) -> httpx.Response:
    token = await csrf_of(http, TASK)
    return await http.post(
        f"{TASK}/editorial", data={"csrf_token": token, "cohort": str(cohort), "released": released}
    )


def test_the_rules() -> None:
    assert practice_access(Role.STUDENT, False, False, True) is Access.SOLVE_FIRST
    assert practice_access(Role.STUDENT, True, False, True) is Access.OPEN
    assert practice_access(Role.STUDENT, False, True, True) is Access.OPEN
    assert practice_access(Role.COACH, False, False, True) is Access.OPEN
    assert practice_access(Role.ADMIN, True, True, False) is Access.NONE
    assert contest_access(ended=False, jury=False, present=True) is Access.AFTER_CONTEST
    assert contest_access(ended=False, jury=True, present=True) is Access.OPEN
    assert contest_access(ended=True, jury=False, present=True) is Access.OPEN
    assert contest_access(ended=True, jury=True, present=False) is Access.NONE


async def test_a_student_reads_it_when_released_or_solved_and_the_coach_manages_releases(
    client: Client, users: UserFactory, site: Site, committed_db: Database
) -> None:
    http, queue = client
    await _with_editorial(committed_db, site.code.id)
    coach, other_coach = await users(Role.COACH), await users(Role.COACH)
    ann, bob = await users(), await users()
    mine = await _cohort(committed_db, coach, ann)
    theirs = await _cohort(committed_db, other_coach, bob)

    await log_in(http, ann.username)
    page = (await http.get(TASK)).text
    assert 'id="editorial"' in page and CLOSED in page and "their sum" not in page
    refused = await _release(http, mine, "1")  # a student cannot release
    assert refused.status_code == 403

    await as_user(http, coach)
    page = (await http.get(TASK)).text
    assert "<strong>their sum</strong>" in page and 'id="release-' + str(mine) + '"' in page
    assert 'id="release-' + str(theirs) + '"' not in page  # only the coach's own cohorts
    assert (await _release(http, theirs, "1")).status_code == 403
    assert (await _release(http, 999999, "1")).status_code == 404
    assert (await _release(http, "x", "1")).status_code == 400
    assert (await _release(http, mine, "maybe")).status_code == 400
    done = await _release(http, mine, "1")
    assert done.status_code == 303 and done.headers["location"] == f"{TASK}#editorial"
    again = await _release(http, mine, "1")  # twice: nothing changes, nothing audited twice
    assert again.status_code == 303

    await as_user(http, ann)
    page = (await http.get(TASK)).text
    assert "<strong>their sum</strong>" in page and CLOSED not in page
    assert 'action="/tasks/aplusb/editorial"' not in page  # no release form for students
    zh = (await http.get(TASK, headers={"Accept-Language": "zh-CN"})).text
    assert "<strong>它们的和</strong>" in zh

    await as_user(http, coach)
    assert (await _release(http, mine, "0")).status_code == 303
    await as_user(http, ann)
    assert CLOSED in (await http.get(TASK)).text
    async with committed_db.session() as session:
        actions = (
            await session.scalars(
                select(AuditEntry.action)
                .where(AuditEntry.action.like("editorial.%"))
                .order_by(AuditEntry.id)
            )
        ).all()
        assert list(actions) == ["editorial.release", "editorial.withdraw"]
        assert not await session.scalar(select(func.count()).select_from(EditorialRelease))

    # Bob solves it (another coach's student, nothing released): it opens for him.
    await as_user(http, bob)
    assert CLOSED in (await http.get(TASK)).text
    token = await csrf_of(http, TASK)
    sent = await http.post(
        f"/tasks/{site.code.id}/submit",
        data={
            "csrf_token": token,
            "language": "cpp",
            "source": "int main() { return 0; } // verdict=AC",
        },
    )
    assert sent.status_code == 303, sent.text
    await queue.join()
    page = (await http.get(TASK)).text
    assert "<strong>their sum</strong>" in page and CLOSED not in page


async def test_a_task_without_editorial_shows_none_and_refuses_releases(
    client: Client, users: UserFactory, site: Site, committed_db: Database
) -> None:
    http, _queue = client
    coach = await users(Role.COACH)
    cohort = await _cohort(committed_db, coach)
    await log_in(http, coach.username)
    page = (await http.get(TASK)).text
    assert 'id="editorial"' not in page
    assert (await _release(http, cohort, "1")).status_code == 404


@pytest.mark.parametrize("ended", [False, True])
async def test_a_contest_task_shows_it_to_the_jury_then_to_everyone_at_the_end(
    client: Client, users: UserFactory, site: Site, committed_db: Database, ended: bool
) -> None:
    http, _queue = client
    cast = await _cast(committed_db, site, users)
    await _with_editorial(committed_db, site.code.id)
    if ended:
        async with committed_db.transaction() as session:
            past = utcnow() - timedelta(minutes=1)
            await session.execute(
                update(Round)
                .where(Round.contest_id == cast.contest.id)
                .values(starts_at=past - timedelta(hours=1), ends_at=past)
            )
    path = f"/contests/spring-mock/rounds/{cast.lab.position}/tasks/A"
    await as_user(http, cast.ada)
    page = await http.get(path)
    assert page.status_code == 200, page.text
    if ended:
        assert "<strong>their sum</strong>" in page.text
    else:
        assert "The editorial opens when the contest ends." in page.text
        assert "their sum" not in page.text
    await as_user(http, cast.coach)
    jury = (await http.get(path)).text
    assert "<strong>their sum</strong>" in jury
    assert ("participants read it when the contest ends" in jury) is not ended
