"""The heaviest pages cost a fixed, small number of queries, however much data they show: the
path map, the task page, the submission page, the coach's progress table and the admin's
fleet page. Each is measured twice, with little and with much data, and must not grow."""

from __future__ import annotations

import httpx

from ictarena.accounts.models import CohortMember, Role
from ictarena.catalog.models import ModulePrerequisite
from ictarena.db import Database
from ictarena.settings import Settings
from ictarena.submissions.recording import record_error
from ictarena.submissions.reports import NormalReport
from ictarena.workers.queue import InProcessQueue
from tests.arena.helpers import UserFactory, log_in
from tests.arena.pages import Site, add_task, counting, judged

Client = tuple[httpx.AsyncClient, InProcessQueue]
ACCEPTED = NormalReport("AC", 100.0, 100.0, [], {})


def _report(tests: int) -> NormalReport:
    runs = [
        {"name": f"secret/{k:02d}", "verdict": "AC", "cpu_ms": 1.0, "visible": k == 0}
        for k in range(tests)
    ]
    return NormalReport("AC", 100.0, 100.0, runs, {"compile": {"ok": True, "message": ""}})


async def _queries(db: Database, http: httpx.AsyncClient, path: str) -> int:
    with counting(db) as statements:
        response = await http.get(path)
    assert response.status_code == 200, (path, response.status_code)
    return len(statements)


async def _grow_catalogue(db: Database, settings: Settings, site: Site, user_id: int) -> None:
    """Twelve more modules in a chain of prerequisites, two tasks each, half of them solved."""
    async with db.session() as session:
        previous = site.modules[0]
        for i in range(12):
            from ictarena.catalog.models import Module

            module = Module(
                tier_id=previous.tier_id, slug=f"extra-{i}", title_en=f"Extra {i}", title_zh="额外"
            )
            session.add(module)
            await session.flush()
            session.add(ModulePrerequisite(module_id=module.id, prerequisite_id=previous.id))
            for k in range(2):
                await add_task(session, settings.tasks_dir, module, f"extra-{i}-{k}", "code", {})
            previous = module
        await session.commit()
    from sqlalchemy import select

    from ictarena.catalog.models import Task

    async with db.session() as session:
        extra = (await session.scalars(select(Task).where(Task.slug.like("extra-%-0")))).all()
    for task in extra:
        await judged(db, user_id, task, {"main": "x"}, ACCEPTED, "cpp")


async def test_the_path_map_and_the_progress_page(
    client: Client, users: UserFactory, site: Site, committed_db: Database, settings: Settings
) -> None:
    http, _queue = client
    student = await users()
    await log_in(http, student.username)
    small = [await _queries(committed_db, http, p) for p in ("/student", "/progress", "/tasks")]
    await _grow_catalogue(committed_db, settings, site, student.id)
    large = [await _queries(committed_db, http, p) for p in ("/student", "/progress", "/tasks")]
    # Every page also reads the header's unread-notification count; /progress adds the
    # student's panel (waivers, practice points, the coaches' last decisions, the best mock
    # contest results per track, the current rating) and the rating's history.
    assert small == large and max(large) <= 16, (small, large)


async def test_the_task_page(
    client: Client, users: UserFactory, site: Site, committed_db: Database
) -> None:
    http, _queue = client
    student = await users()
    await log_in(http, student.username)
    await judged(committed_db, student.id, site.code, {"main": "x"}, ACCEPTED, "cpp")
    pages = ("/tasks/aplusb", "/tasks/top-customers", "/tasks/ospf-pair", "/tasks/net-basics")
    small = [await _queries(committed_db, http, p) for p in pages]
    for _ in range(12):
        await judged(committed_db, student.id, site.code, {"main": "x"}, ACCEPTED, "cpp")
    large = [await _queries(committed_db, http, p) for p in pages]
    assert small == large and max(large) <= 10, (small, large)


async def test_the_submission_page(
    client: Client, users: UserFactory, site: Site, committed_db: Database
) -> None:
    http, _queue = client
    student = await users()
    await log_in(http, student.username)
    few = await judged(committed_db, student.id, site.code, {"main": "x"}, _report(2), "cpp")
    many = await judged(committed_db, student.id, site.code, {"main": "x"}, _report(60), "cpp")
    small = await _queries(committed_db, http, f"/submissions/{few}")
    large = await _queries(committed_db, http, f"/submissions/{many}")
    assert small == large <= 8, (small, large)


async def test_the_coach_progress_table_with_many_students(
    client: Client, users: UserFactory, site: Site, committed_db: Database
) -> None:
    http, _queue = client
    coach = await users(Role.COACH)
    cohort = await users.cohort(coach)
    await log_in(http, coach.username)

    async def add_students(n: int) -> None:
        for _ in range(n):
            student = await users()
            async with committed_db.session() as session:
                session.add(CohortMember(cohort_id=cohort.id, user_id=student.id))
                await session.commit()
            await judged(committed_db, student.id, site.code, {"main": "x"}, ACCEPTED, "cpp")

    await add_students(1)
    small = await _queries(committed_db, http, "/coach/progress")
    small_csv = await _queries(committed_db, http, "/coach/progress.csv")
    await add_students(20)
    large = await _queries(committed_db, http, "/coach/progress")
    large_csv = await _queries(committed_db, http, "/coach/progress.csv")
    assert small == large <= 13 and small_csv == large_csv <= 13, (small, large, small_csv)


async def test_the_admin_fleet_page(
    client: Client, users: UserFactory, site: Site, committed_db: Database
) -> None:
    http, _queue = client
    admin = await users(Role.ADMIN)
    student = await users()
    await log_in(http, admin.username)

    async def add_failures(n: int) -> None:
        for _ in range(n):
            async with committed_db.session() as session:
                from ictarena.submissions.services import IntakeRules, submit

                user = await session.get(type(student), student.id)
                assert user is not None
                rules = IntakeRules(languages=("cpp",), per_minute=1000)
                _submission, judging = await submit(
                    session, user, site.code.id, "cpp", {"main": "x"}, rules
                )
                await record_error(session, judging.id, "Docker engine unreachable")
                await session.commit()

    await add_failures(1)
    small = await _queries(committed_db, http, "/admin/fleet")
    await add_failures(10)
    large = await _queries(committed_db, http, "/admin/fleet")
    assert small == large <= 6, (small, large)
    page = (await http.get("/admin/fleet")).text
    assert page.count("Docker engine unreachable") == 11
