"""The coach's promotion queue and the student's panel, over HTTP in English and Chinese.

Programming's Professional tier asks for both Associate modules (Basics, Graphs) done, 40 %
logical reasoning and 30 % protocol comprehension. Ada has solved both modules (ready), Bo
solved Basics and half of Graphs (83 % of the way: close), Cy nothing. Every decision writes,
notifies and shows; every refusal is located on its form and writes nothing; a student, or a
coach of another cohort, gets 403."""

from __future__ import annotations

import re
from dataclasses import dataclass

import httpx
import pytest
from sqlalchemy import func, select, update

from ictarena.accounts.models import CohortMember, Role, User
from ictarena.catalog.models import Task, Tier, Track
from ictarena.db import Database
from ictarena.events.models import AuditEntry, Notification
from ictarena.progression.models import PrerequisiteWaiver, Promotion, StudentTier
from ictarena.submissions.reports import NormalReport
from ictarena.workers.queue import InProcessQueue
from tests.arena.coaching import in_chinese
from tests.arena.helpers import UserFactory, csrf_of, log_in
from tests.arena.pages import Site, judged

Client = tuple[httpx.AsyncClient, InProcessQueue]
ACCEPTED = NormalReport("AC", 100.0, 100.0, [], {})
HALF = NormalReport("PA", 50.0, 100.0, [], {})
CRITERIA = {
    "modules_done": "all",
    "competencies": {"logical_reasoning": 40, "protocol_comprehension": 30},
}


@dataclass
class Class:
    coach: User
    cohort_id: int
    ada: User  # ready
    bo: User  # close
    cy: User  # far
    track_id: int
    associate_id: int
    professional_id: int

    def key(self, student: User) -> str:
        return f"{student.id}-{self.track_id}"

    @property
    def queue(self) -> str:
        return f"/coach/promotions?cohort={self.cohort_id}"


@pytest.fixture
async def klass(users: UserFactory, site: Site, committed_db: Database) -> Class:
    coach = await users(Role.COACH, "coach.li")
    cohort = await users.cohort(coach, "Programming 2026")
    ada, bo, cy = [await users(username=name) for name in ("ada", "bo.chen", "cy.wang")]
    async with committed_db.session() as session:
        for student in (ada, bo, cy):
            session.add(CohortMember(cohort_id=cohort.id, user_id=student.id))
        track = await session.scalar(select(Track).where(Track.slug == "programming"))
        assert track is not None
        tiers = {
            t.level: t
            for t in (await session.scalars(select(Tier).where(Tier.track_id == track.id)))
        }
        await session.execute(update(Tier).where(Tier.id == tiers[2].id).values(criteria=CRITERIA))
        paths = await session.scalar(select(Task).where(Task.slug == "paths"))
        await session.commit()
    assert paths is not None
    for student in (ada, bo):
        await judged(committed_db, student.id, site.code, {"main.cpp": "x"}, ACCEPTED, "cpp")
    await judged(committed_db, ada.id, paths, {"main.cpp": "x"}, ACCEPTED, "cpp")
    await judged(committed_db, bo.id, paths, {"main.cpp": "x"}, HALF, "cpp")
    return Class(coach, cohort.id, ada, bo, cy, track.id, tiers[1].id, tiers[2].id)


async def _count(db: Database, model: type) -> int:
    async with db.session() as session:
        return int(await session.scalar(select(func.count()).select_from(model)) or 0)


async def _written(db: Database) -> tuple[int, int, int, int, int]:
    """Everything a decision writes, counted."""
    return (
        await _count(db, Promotion),
        await _count(db, StudentTier),
        await _count(db, Notification),
        await _count(db, PrerequisiteWaiver),
        await _count(db, AuditEntry),
    )


async def _decide(
    http: httpx.AsyncClient, k: Class, action: str, student: User, **fields: str
) -> httpx.Response:
    token = await csrf_of(http, k.queue)
    data = {"csrf_token": token, "action": action, "student": str(student.id),
            "track": str(k.track_id), **fields}  # fmt: skip
    return await http.post(f"/coach/promotions/decide?cohort={k.cohort_id}", data=data)


def _section(page: str, title: str) -> str:
    start = page.index(f">{title} (")
    end = page.find("</section>", start)
    return page[start:end]


async def test_the_queue_lists_the_ready_then_the_close_with_their_criteria(
    client: Client, klass: Class
) -> None:
    http, _queue = client
    await log_in(http, klass.coach.username)
    page = (await http.get(klass.queue)).text
    assert "<h1>Promotion queue · Programming 2026</h1>" in page
    ready, close = _section(page, "Ready for promotion"), _section(page, "Nearly ready")
    assert f'id="row-{klass.key(klass.ada)}"' in ready and "bo.chen" not in ready
    assert f'id="row-{klass.key(klass.bo)}"' in close
    assert f'id="row-{klass.key(klass.cy)}"' not in ready + close  # 0 % of the way
    others = _section(page, "Everyone else")
    assert f'id="row-{klass.key(klass.cy)}"' in others  # early promotion, waiver, withdrawal
    assert 'name="pick"' not in others
    assert "Modules of the current tier done: 2 / 2" in ready
    assert "Modules of the current tier done: 1 / 2" in close and "83% of the way" in close
    assert "Competency: Logical reasoning: 66.7% / 40%" in ready
    assert f'name="pick" value="{klass.ada.id}:{klass.track_id}"' in ready
    assert ready.count('name="pick"') == 1 and 'form="bulk"' in ready

    token = await csrf_of(http, klass.queue)
    await http.post("/lang", data={"locale": "zh_Hans", "csrf_token": token})
    page = (await http.get(klass.queue)).text
    assert 'lang="zh-Hans"' in page and in_chinese("Promotion queue") in page
    assert in_chinese("Ready for promotion") in page and "程序设计" in page


async def test_the_coach_reaches_the_queue_from_the_cohorts(client: Client, klass: Class) -> None:
    http, _queue = client
    await log_in(http, klass.coach.username)
    for page in ("/coach", f"/coach/cohorts/{klass.cohort_id}"):
        assert f'href="{klass.queue}"' in (await http.get(page)).text, page
    chosen = (await http.get("/coach/promotions")).text  # the coach's cohort, unasked
    assert "Programming 2026" in chosen and "Ready for promotion (1)" in chosen


async def test_promoting_opens_the_tier_notifies_and_shows_on_the_students_panel(
    client: Client, klass: Class, committed_db: Database
) -> None:
    http, _queue = client
    await log_in(http, klass.ada.username)
    assert (await http.get("/tasks/flows")).status_code == 403
    panel = (await http.get("/progress")).text
    assert "What's left before Professional" in panel
    assert "You meet every criterion." in panel

    http.cookies.clear()
    await log_in(http, klass.coach.username)
    promoted = await _decide(http, klass, "promote", klass.ada, tier=str(klass.professional_id))
    assert promoted.status_code == 303, promoted.text
    page = (await http.get(klass.queue)).text
    assert "Student promoted. They have been notified." in page
    assert "Ready for promotion (0)" in page
    async with committed_db.session() as session:
        promotion = await session.scalar(select(Promotion).where(Promotion.user_id == klass.ada.id))
        assert promotion is not None and promotion.decision == "promote" and not promotion.early
        assert promotion.criteria["met"] is True and len(promotion.criteria["criteria"]) == 3

    http.cookies.clear()
    await log_in(http, klass.ada.username)
    assert (await http.get("/tasks/flows")).status_code == 200
    page = (await http.get("/progress")).text
    assert "Tier held: Professional" in page
    assert "Your coach promoted you to Professional on" in page
    assert "What's left before Expert" in page
    notices = (await http.get("/notifications")).text
    assert "You were promoted to Professional in Programming." in notices
    assert re.search(r'class="count">1<', notices)


async def test_a_hold_needs_a_reason_and_the_student_reads_it(
    client: Client, klass: Class, committed_db: Database
) -> None:
    http, _queue = client
    await log_in(http, klass.coach.username)
    before = await _written(committed_db)
    refused = await _decide(http, klass, "hold", klass.bo, reason="   ")
    assert refused.status_code == 400
    key = f"hold-{klass.key(klass.bo)}"
    assert f'id="reason-{key}"' in refused.text
    assert re.search(rf'id="reason-{key}"[^>]*aria-invalid="true" aria-describedby="e-{key}"',
                     refused.text)  # fmt: skip
    assert (
        f'<p id="e-{key}" class="error" role="alert">Give a reason: the student reads it.</p>'
        in refused.text
    )
    assert await _written(committed_db) == before

    held = await _decide(http, klass, "hold", klass.bo, reason="Finish <Graphs> first.")
    assert held.status_code == 303
    http.cookies.clear()
    await log_in(http, klass.bo.username)
    page = (await http.get("/progress")).text
    assert "Your coach kept you at Associate for now on" in page
    assert "Finish &lt;Graphs&gt; first." in page
    assert "Tier held: Associate" in page
    token = await csrf_of(http, "/progress")
    await http.post("/lang", data={"locale": "zh_Hans", "csrf_token": token})
    page = (await http.get("/progress")).text
    assert "Finish &lt;Graphs&gt; first." in page and in_chinese("Your tiers") in page


async def test_an_early_promotion_needs_an_override_reason_and_is_marked(
    client: Client, klass: Class, committed_db: Database
) -> None:
    http, _queue = client
    await log_in(http, klass.coach.username)
    before = await _written(committed_db)
    refused = await _decide(http, klass, "early", klass.bo, tier=str(klass.professional_id))
    assert refused.status_code == 400 and f'id="e-early-{klass.key(klass.bo)}"' in refused.text
    assert await _written(committed_db) == before
    plain = await _decide(http, klass, "promote", klass.bo, tier=str(klass.professional_id))
    assert plain.status_code == 400  # not every criterion met: no plain promotion
    assert "Promote early with an override reason" in plain.text
    assert await _written(committed_db) == before

    early = await _decide(http, klass, "early", klass.bo, tier=str(klass.professional_id),
                          reason="Regional contest next week.", waive="1")  # fmt: skip
    assert early.status_code == 303
    async with committed_db.session() as session:
        promotion = await session.scalar(select(Promotion).where(Promotion.user_id == klass.bo.id))
        assert promotion is not None and promotion.early and promotion.criteria["met"] is False
        waiver = await session.get(PrerequisiteWaiver, (klass.bo.id, klass.professional_id))
        assert waiver is not None and waiver.reason == "Regional contest next week."
    http.cookies.clear()
    await log_in(http, klass.bo.username)
    page = (await http.get("/progress")).text
    assert "Early promotion" in page and "Regional contest next week." in page


async def test_waiving_prerequisites_opens_the_modules_behind_them(
    client: Client, klass: Class, committed_db: Database
) -> None:
    http, _queue = client
    await log_in(http, klass.cy.username)
    assert (await http.get("/tasks/paths")).status_code == 403
    http.cookies.clear()
    await log_in(http, klass.coach.username)
    done = await _decide(http, klass, "waive", klass.cy, tier=str(klass.associate_id),
                         reason="Knows the basics from school.")  # fmt: skip
    assert done.status_code == 303
    again = await _decide(http, klass, "waive", klass.cy, tier=str(klass.associate_id),
                          reason="Twice.")  # fmt: skip
    assert again.status_code == 409 and "already waived" in again.text
    async with committed_db.session() as session:
        logged = await session.scalar(
            select(AuditEntry).where(AuditEntry.action == "prerequisites.waive")
        )
        assert logged is not None and logged.target == f"user:{klass.cy.id}"
    http.cookies.clear()
    await log_in(http, klass.cy.username)
    assert (await http.get("/tasks/paths")).status_code == 200


async def test_withdrawing_a_tier_locks_it_again(
    client: Client, klass: Class, committed_db: Database
) -> None:
    http, _queue = client
    await log_in(http, klass.coach.username)
    assert (await _decide(http, klass, "promote", klass.ada,
                          tier=str(klass.professional_id))).status_code == 303  # fmt: skip
    refused = await _decide(http, klass, "revoke", klass.ada, tier=str(klass.professional_id))
    assert refused.status_code == 400
    key = f"revoke-{klass.key(klass.ada)}"  # Ada is listed under "Everyone else" now
    assert f'<p id="e-{key}" class="error" role="alert">Give a reason' in refused.text
    revoked = await _decide(http, klass, "revoke", klass.ada, tier=str(klass.professional_id),
                            reason="Copied solutions.")  # fmt: skip
    assert revoked.status_code == 303
    http.cookies.clear()
    await log_in(http, klass.ada.username)
    assert (await http.get("/tasks/flows")).status_code == 403
    assert "Copied solutions." in (await http.get("/notifications")).text


async def test_bulk_approval_promotes_the_ticked_candidates(
    client: Client, klass: Class, committed_db: Database
) -> None:
    http, _queue = client
    await log_in(http, klass.coach.username)
    token = await csrf_of(http, klass.queue)
    url = f"/coach/promotions/approve?cohort={klass.cohort_id}"
    refused = await http.post(url, data={"csrf_token": token})
    assert refused.status_code == 400 and "Tick at least one student to promote." in refused.text
    picked = f"{klass.ada.id}:{klass.track_id}"
    close = f"{klass.bo.id}:{klass.track_id}"  # not ready: never promoted by a tick
    alone = await http.post(url, data={"csrf_token": token, "pick": close})
    assert alone.status_code == 303
    assert "Nobody was promoted" in (await http.get(klass.queue)).text
    done = await http.post(url, data={"csrf_token": token, "pick": [picked, close]})
    assert done.status_code == 303
    async with committed_db.session() as session:
        promoted = (await session.scalars(select(Promotion.user_id))).all()
    assert promoted == [klass.ada.id]
    assert "The selected students were promoted" in (await http.get(klass.queue)).text


async def test_a_second_approval_of_the_same_student_changes_nothing(
    client: Client, klass: Class, committed_db: Database
) -> None:
    http, _queue = client
    await log_in(http, klass.coach.username)
    tier = str(klass.professional_id)
    assert (await _decide(http, klass, "promote", klass.ada, tier=tier)).status_code == 303
    before = await _written(committed_db)
    stale = await _decide(http, klass, "promote", klass.ada, tier=tier)  # a stale second click
    assert stale.status_code == 409 and "Already decided" in stale.text
    assert await _written(committed_db) == before


async def test_a_coach_of_another_cohort_gets_403_and_writes_nothing(
    client: Client, klass: Class, users: UserFactory, committed_db: Database
) -> None:
    http, _queue = client
    other = await users(Role.COACH, "coach.wu")
    await users.cohort(other, "Elsewhere")
    await log_in(http, other.username)
    assert (await http.get(klass.queue)).status_code == 403
    before = await _written(committed_db)
    token = await csrf_of(http, "/coach/promotions")
    forged = await http.post(
        "/coach/promotions/decide?cohort=" + str(klass.cohort_id),
        data={"csrf_token": token, "action": "promote", "student": str(klass.ada.id),
              "track": str(klass.track_id), "tier": str(klass.professional_id)},
    )  # fmt: skip
    assert forged.status_code == 403
    bulk = await http.post(
        f"/coach/promotions/approve?cohort={klass.cohort_id}",
        data={"csrf_token": token, "pick": f"{klass.ada.id}:{klass.track_id}"},
    )
    assert bulk.status_code == 403
    assert await _written(committed_db) == before


async def test_a_student_forging_a_promotion_gets_403_and_writes_nothing(
    client: Client, klass: Class, committed_db: Database
) -> None:
    http, _queue = client
    await log_in(http, klass.ada.username)
    assert (await http.get(klass.queue)).status_code == 403
    before = await _written(committed_db)
    token = await csrf_of(http, "/progress")
    for action in ("promote", "early"):
        forged = await http.post(
            f"/coach/promotions/decide?cohort={klass.cohort_id}",
            data={"csrf_token": token, "action": action, "student": str(klass.ada.id),
                  "track": str(klass.track_id), "tier": str(klass.professional_id),
                  "reason": "I am ready."},
        )  # fmt: skip
        assert forged.status_code == 403
    bulk = await http.post(
        f"/coach/promotions/approve?cohort={klass.cohort_id}",
        data={"csrf_token": token, "pick": f"{klass.ada.id}:{klass.track_id}"},
    )
    assert bulk.status_code == 403
    no_token = await http.post(
        f"/coach/promotions/decide?cohort={klass.cohort_id}",
        data={"action": "promote", "student": str(klass.ada.id)},
    )
    assert no_token.status_code == 403
    assert await _written(committed_db) == before
    assert (await http.get("/tasks/flows")).status_code == 403


async def test_bad_input_gets_a_page_never_a_traceback(client: Client, klass: Class) -> None:
    http, _queue = client
    await log_in(http, klass.coach.username)
    assert (await http.get("/coach/promotions?cohort=abc")).status_code == 404
    assert (await http.get("/coach/promotions?cohort=999999")).status_code == 404
    unknown = await _decide(http, klass, "crown", klass.ada)
    assert unknown.status_code == 400 and "Unknown action." in unknown.text
    no_tier = await _decide(http, klass, "promote", klass.ada, tier="x")
    assert no_tier.status_code == 404
