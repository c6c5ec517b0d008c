"""A cohort's public name, set by its coach on the cohort page: saved trimmed, cleared when
empty, refused over 120 characters with a message on the page, and not settable by another
coach (the page is not theirs)."""

from __future__ import annotations

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from ictarena.accounts import cohort_names
from ictarena.accounts.models import Cohort, Role
from ictarena.errors import Forbidden, InvalidInput
from tests.arena.helpers import UserFactory, csrf_of, log_in


async def _post(http: httpx.AsyncClient, cohort_id: int, name: str) -> httpx.Response:
    url = f"/coach/cohorts/{cohort_id}"
    token = await csrf_of(http, url)
    return await http.post(
        url, data={"action": "public_name", "public_name": name, "csrf_token": token}
    )


async def test_the_coach_sets_and_clears_the_public_name(
    app_client: httpx.AsyncClient, make_user: UserFactory, session: AsyncSession
) -> None:
    coach = await make_user(Role.COACH)
    cohort = await make_user.cohort(coach, "Class 3 (real name)")
    await log_in(app_client, coach.username)
    response = await _post(app_client, cohort.id, "  Shenzhen  Poly  ")
    assert response.status_code == 303
    await session.refresh(cohort)
    assert cohort.public_name == "Shenzhen Poly"
    page = await app_client.get(f"/coach/cohorts/{cohort.id}")
    assert 'value="Shenzhen Poly"' in page.text
    await _post(app_client, cohort.id, "   ")
    await session.refresh(cohort)
    assert cohort.public_name is None


async def test_a_too_long_public_name_is_refused_on_the_page(
    app_client: httpx.AsyncClient, make_user: UserFactory, session: AsyncSession
) -> None:
    coach = await make_user(Role.COACH)
    cohort = await make_user.cohort(coach)
    await log_in(app_client, coach.username)
    response = await _post(app_client, cohort.id, "x" * 121)
    assert response.status_code == 400
    assert "at most 120 characters" in response.text
    await session.refresh(cohort)
    assert cohort.public_name is None


async def test_another_coach_cannot_name_the_cohort(
    app_client: httpx.AsyncClient, make_user: UserFactory, session: AsyncSession
) -> None:
    owner, other = await make_user(Role.COACH), await make_user(Role.COACH)
    cohort = await make_user.cohort(owner)
    await log_in(app_client, other.username)
    url = f"/coach/cohorts/{cohort.id}"
    response = await app_client.post(url, data={"action": "public_name", "public_name": "Mine"})
    assert response.status_code in (403, 404)
    with pytest.raises(Forbidden):
        await cohort_names.set_public_name(session, other, cohort, "Mine")
    with pytest.raises(InvalidInput):
        await cohort_names.set_public_name(session, owner, cohort, "y" * 121)
    fresh = await session.get(Cohort, cohort.id)
    assert fresh is not None and fresh.public_name is None
