"""Admins edit a tier's entry criteria on /admin/tracks: saved as an edit that re-imports keep,
audited, reverted on request; bad input is refused by field and nothing is half-written; no
one else may read or post the page."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from ictarena.accounts.models import Role
from ictarena.catalog.models import Module, Tier, Track
from ictarena.events.models import AuditEntry
from tests.arena.catalog.builders import zip_dir
from tests.arena.catalog.test_track_files import tracked_set
from tests.arena.helpers import UserFactory, csrf_of, log_in


async def _tier(session: AsyncSession, track: str, level: int) -> Tier:
    tier = await session.scalar(
        select(Tier).join(Track).where(Track.slug == track, Tier.level == level)
    )
    assert tier is not None
    await session.refresh(tier)
    return tier


async def _admin(client: httpx.AsyncClient, make_user: UserFactory) -> str:
    admin = await make_user(Role.ADMIN)
    await log_in(client, admin.username)
    return await csrf_of(client, "/admin/tracks")


async def _audits(session: AsyncSession) -> int:
    return await session.scalar(select(func.count()).select_from(AuditEntry)) or 0


def _form(tier_id: int, token: str, **fields: Any) -> dict[str, Any]:
    return {"csrf_token": token, "tier_id": str(tier_id), "action": "save", **fields}


async def test_the_page_lists_every_track_and_tier_with_the_shipped_criteria(
    app_client: httpx.AsyncClient, make_user: UserFactory, session: AsyncSession
) -> None:
    await _admin(app_client, make_user)
    page = (await app_client.get("/admin/tracks")).text
    for name in ("Programming", "Datacom", "openEuler", "openGauss", "Cloud services", "IoT"):
        assert name in page
    assert "Theory" not in page  # the old theory track went into the others
    professional = await _tier(session, "datacom", 2)
    assert professional.criteria["points"] == 60
    assert f'id="t{professional.id}-points" name="points" inputmode="decimal" value="60"' in page
    assert "As shipped in the track file." in page
    zh = await app_client.get("/admin/tracks", headers={"Accept-Language": "zh-CN"})
    assert zh.status_code == 200


async def test_an_admin_saves_criteria_as_an_audited_edit_and_reverts_it(
    app_client: httpx.AsyncClient, make_user: UserFactory, session: AsyncSession
) -> None:
    token = await _admin(app_client, make_user)
    associate = await _tier(session, "programming", 1)
    module = Module(tier_id=associate.id, slug="prog-basics", title_en="B", title_zh="B")
    session.add(module)
    await session.commit()
    tier = await _tier(session, "programming", 2)
    data = _form(
        tier.id,
        token,
        modules_mode="some",
        modules=["prog-basics"],
        points="120",
        competency_logical_reasoning="55.5",
        contest_percentile="",
        contest_score="300",
        rating="1500",
    )
    response = await app_client.post("/admin/tracks", data=data)
    assert response.status_code == 303, response.text
    assert response.headers["location"] == f"/admin/tracks#tier-{tier.id}"
    tier = await _tier(session, "programming", 2)
    assert tier.criteria == {
        "modules_done": ["prog-basics"],
        "points": 120,
        "competencies": {"logical_reasoning": 55.5},
        "contest": {"score": 300},
        "rating": 1500,
    }
    assert tier.criteria_edited_by is not None and tier.criteria_edited_at is not None
    assert tier.criteria_shipped["points"] == 60  # the file's criteria are kept apart
    edit = select(AuditEntry).where(AuditEntry.action == "tier.criteria.edit")
    entry = await session.scalar(edit)
    assert entry is not None and entry.target == f"tier:{tier.id}"
    assert entry.details["after"]["points"] == 120 and entry.details["before"]["points"] == 60
    page = (await app_client.get("/admin/tracks")).text
    assert "Entry criteria saved" in page and "Edited by admin" in page
    assert "the file says 60, the edit says 120" in page

    revert = {"csrf_token": token, "tier_id": str(tier.id), "action": "revert"}
    assert (await app_client.post("/admin/tracks", data=revert)).status_code == 303
    tier = await _tier(session, "programming", 2)
    assert tier.criteria == tier.criteria_shipped and tier.criteria_edited_at is None
    assert tier.criteria_edited_by is None
    assert (
        await session.scalar(
            select(func.count()).where(AuditEntry.action == "tier.criteria.revert")
        )
        == 1
    )


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"points": "lots"}, "points", "Enter a number"),
        ({"points": "-5"}, "points", "from 0 to 1000000"),
        ({"points": "nan"}, "points", "from 0 to 1000000"),
        ({"rating": "inf"}, "rating", "from 0 to 100000"),
        ({"competency_protocol_comprehension": "150"}, "competency_protocol_comprehension",
         "from 0 to 100"),
        ({"contest_percentile": "101"}, "contest_percentile", "from 0 to 100"),
        ({"contest_score": "1e400"}, "contest_score", "from 0 to 1000000"),
        ({"modules_mode": "some"}, "modules", "Choose at least one module"),
        ({"modules_mode": "some", "modules": ["nowhere"]}, "modules", "nowhere is not a module"),
        ({"modules_mode": "sideways"}, "modules", "Choose at least one module"),
    ],
    ids=["text", "negative", "nan", "infinite", "percent", "percentile", "huge",
         "no-module", "unknown-module", "bad-mode"],
)  # fmt: skip
async def test_bad_input_is_refused_by_field_and_nothing_is_written(
    app_client: httpx.AsyncClient,
    make_user: UserFactory,
    session: AsyncSession,
    fields: dict[str, Any],
    field: str,
    message: str,
) -> None:
    token = await _admin(app_client, make_user)
    tier = await _tier(session, "datacom", 3)
    before = dict(tier.criteria)
    audits = await _audits(session)
    # a valid points value next to the bad one: a half-write would store it
    good = {"points": "99", "competency_logical_reasoning": "10", "modules_mode": "all"}
    data = _form(tier.id, token, **{**good, **fields})
    response = await app_client.post("/admin/tracks", data=data)
    assert response.status_code == 400
    error = f'id="t{tier.id}-e-{field}" class="error" role="alert">'
    assert error in response.text
    assert message in response.text.split(error, 1)[1].split("</p>", 1)[0]
    assert "Nothing was saved" in response.text
    tier = await _tier(session, "datacom", 3)
    assert tier.criteria == before and tier.criteria_edited_at is None
    assert await _audits(session) == audits


async def test_the_entry_tier_and_unknown_tiers_cannot_be_edited(
    app_client: httpx.AsyncClient, make_user: UserFactory, session: AsyncSession
) -> None:
    token = await _admin(app_client, make_user)
    associate = await _tier(session, "datacom", 1)
    refused = await app_client.post("/admin/tracks", data=_form(associate.id, token, points="5"))
    assert refused.status_code == 400
    for tier_id in ("999999", "x", ""):
        data = {"csrf_token": token, "tier_id": tier_id, "action": "save", "points": "5"}
        assert (await app_client.post("/admin/tracks", data=data)).status_code == 404
    tier = await _tier(session, "datacom", 2)
    data = {"csrf_token": token, "tier_id": str(tier.id), "action": "drop"}
    assert (await app_client.post("/admin/tracks", data=data)).status_code == 400
    assert (await _tier(session, "datacom", 1)).criteria == {}
    assert await _audits(session) == 0


@pytest.mark.parametrize("role", [Role.STUDENT, Role.COACH])
async def test_students_and_coaches_may_neither_read_nor_post(
    app_client: httpx.AsyncClient, make_user: UserFactory, session: AsyncSession, role: Role
) -> None:
    user = await make_user(role)
    await log_in(app_client, user.username)
    assert (await app_client.get("/admin/tracks")).status_code == 403
    token = await csrf_of(app_client, "/account/password")
    tier = await _tier(session, "datacom", 2)
    for action in ("save", "revert"):
        data = _form(tier.id, token, action=action, points="1")
        assert (await app_client.post("/admin/tracks", data=data)).status_code == 403
    tier = await _tier(session, "datacom", 2)
    assert tier.criteria["points"] == 60 and tier.criteria_edited_at is None
    assert await _audits(session) == 0


async def test_a_post_without_the_csrf_token_is_refused(
    app_client: httpx.AsyncClient, make_user: UserFactory, session: AsyncSession
) -> None:
    await _admin(app_client, make_user)
    tier = await _tier(session, "datacom", 2)
    for token in ("", "forged"):
        data = _form(tier.id, token, points="1")
        assert (await app_client.post("/admin/tracks", data=data)).status_code == 403
    assert (await _tier(session, "datacom", 2)).criteria_edited_at is None


async def test_anonymous_visitors_are_sent_to_log_in(app_client: httpx.AsyncClient) -> None:
    response = await app_client.get("/admin/tracks")
    assert response.status_code == 303 and "/login" in response.headers["location"]


async def test_the_problems_page_reports_criteria_kept_by_a_reimport(
    app_client: httpx.AsyncClient, make_user: UserFactory, session: AsyncSession, tmp_path: Path
) -> None:
    token = await _admin(app_client, make_user)
    archive = zip_dir(tracked_set(tmp_path / "src"), tmp_path / "demo.zip")
    upload = {"package": (archive.name, archive.read_bytes(), "application/zip")}
    problems_token = await csrf_of(app_client, "/admin/problems")
    first = await app_client.post(
        "/admin/problems", params={"csrf_token": problems_token}, files=upload
    )
    assert first.status_code == 200, first.text
    tier = await _tier(session, "networks", 2)
    data = _form(tier.id, token, modules_mode="all", points="120")
    assert (await app_client.post("/admin/tracks", data=data)).status_code == 303
    again = await app_client.post(
        "/admin/problems", params={"csrf_token": problems_token}, files=upload
    )
    assert again.status_code == 200, again.text
    assert "Networks / Professional: entry criteria kept as edited by admin" in again.text
    assert "the file says 150, the edit says 120" in again.text
    assert (await _tier(session, "networks", 2)).criteria["points"] == 120
    zh = await app_client.post(
        "/admin/problems",
        params={"csrf_token": problems_token},
        files=upload,
        headers={"Accept-Language": "zh-CN"},
    )
    assert zh.status_code == 200


async def test_a_students_path_map_shows_every_bundled_track(
    app_client: httpx.AsyncClient, make_user: UserFactory
) -> None:
    student = await make_user(Role.STUDENT)
    await log_in(app_client, student.username)
    page = (await app_client.get("/student")).text
    names = ("Programming", "Datacom", "openEuler", "openGauss", "HarmonyOS")
    for name in (*names, "Cloud services", "IoT (MQTT and devices)"):
        assert name in page, name
