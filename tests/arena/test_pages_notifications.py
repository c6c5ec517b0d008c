"""Notifications in the app: the list (newest first, unread marked), the unread badge in the
header of every page, opening one, marking all read, in English and Chinese; nobody reads or
opens another user's."""

from __future__ import annotations

import re

import httpx
import pytest

from ictarena.accounts.models import Role
from ictarena.db import Database
from ictarena.events import notifications
from ictarena.workers.queue import InProcessQueue
from tests.arena.coaching import in_chinese
from tests.arena.helpers import UserFactory, csrf_of, log_in
from tests.arena.pages import Site, counting

Client = tuple[httpx.AsyncClient, InProcessQueue]
PROMOTED = {
    "track_en": "Datacom",
    "track_zh": "数通",
    "tier_en": "Professional",
    "tier_zh": "专业级",
}
BADGE = re.compile(r'href="/notifications"[^>]*>[^<]*(?:<span class="count">(\d+))?')


async def _notify(db: Database, user_id: int, kind: str, **params: str) -> int:
    async with db.session() as session:
        notification = await notifications.notify(
            session, user_id, kind, {**PROMOTED, **params}, link="/progress"
        )
        await session.commit()
        return notification.id


def _badge(html: str) -> int:
    match = BADGE.search(html)
    assert match, "no notifications link in the header"
    return int(match.group(1) or 0)


async def test_the_badge_counts_unread_notifications_on_every_page(
    client: Client, users: UserFactory, site: Site, committed_db: Database
) -> None:
    http, _queue = client
    student = await users()
    await log_in(http, student.username)
    assert _badge((await http.get("/student")).text) == 0
    await _notify(committed_db, student.id, "promotion.promote")
    await _notify(committed_db, student.id, "promotion.hold", reason="Finish OSPF first.")
    for path in ("/student", "/tasks", "/progress", "/submissions", "/notifications"):
        page = (await http.get(path)).text
        assert _badge(page) == 2, path
        assert '<span class="sr-only"> unread</span>' in page
    with counting(committed_db) as statements:
        await http.get("/submissions")
    assert sum("notifications" in s for s in statements) == 1  # one small query


async def test_the_list_shows_the_newest_first_and_unread_highlighted(
    client: Client, users: UserFactory, site: Site, committed_db: Database
) -> None:
    http, _queue = client
    student = await users()
    await _notify(committed_db, student.id, "promotion.promote")
    await _notify(committed_db, student.id, "promotion.hold", reason="Finish <OSPF> first.")
    await log_in(http, student.username)
    page = (await http.get("/notifications")).text
    hold = page.index("holds you at your tier in Datacom: Finish &lt;OSPF&gt; first.")
    promote = page.index("You were promoted to Professional in Datacom.")
    assert hold < promote  # newest first; the coach's words are escaped
    assert page.count('<li class="unread">') == 2
    assert "2 unread" in page
    assert page.count('action="/notifications/') == 3  # open each, and mark all read

    token = await csrf_of(http, "/notifications")
    await http.post("/lang", data={"locale": "zh_Hans", "csrf_token": token})
    page = (await http.get("/notifications")).text
    assert 'lang="zh-Hans"' in page and in_chinese("Notifications") in page
    promoted = in_chinese("You were promoted to %(tier)s in %(track)s.")
    assert promoted % {"tier": "专业级", "track": "数通"} in page
    assert "Datacom" not in page.split("<main", 1)[1]


async def test_opening_one_marks_it_read_and_follows_its_link(
    client: Client, users: UserFactory, site: Site, committed_db: Database
) -> None:
    http, _queue = client
    student = await users()
    first = await _notify(committed_db, student.id, "promotion.promote")
    await _notify(committed_db, student.id, "promotion.revoke", reason="Too early.")
    await log_in(http, student.username)
    token = await csrf_of(http, "/notifications")
    opened = await http.post(f"/notifications/{first}/open", data={"csrf_token": token})
    assert opened.status_code == 303 and opened.headers["location"] == "/progress"
    page = (await http.get("/notifications")).text
    assert page.count('<li class="unread">') == 1 and _badge(page) == 1
    done = await http.post("/notifications/read", data={"csrf_token": token})
    assert done.status_code == 303
    page = (await http.get("/notifications")).text
    assert '<li class="unread">' not in page and _badge(page) == 0
    assert "All notifications marked as read." in page


async def test_nobody_opens_another_users_notification_or_posts_without_a_token(
    client: Client, users: UserFactory, site: Site, committed_db: Database
) -> None:
    http, _queue = client
    owner, other = await users(), await users()
    theirs = await _notify(committed_db, owner.id, "promotion.promote")
    await log_in(http, other.username)
    token = await csrf_of(http, "/notifications")
    refused = await http.post(f"/notifications/{theirs}/open", data={"csrf_token": token})
    assert refused.status_code == 404
    assert (await http.post("/notifications/read", data={})).status_code == 403
    http.cookies.clear()
    await log_in(http, owner.username)
    assert _badge((await http.get("/notifications")).text) == 1  # still unread


@pytest.mark.parametrize("role", [Role.COACH, Role.ADMIN])
async def test_coaches_and_admins_have_the_page_too(
    client: Client, users: UserFactory, site: Site, role: Role
) -> None:
    http, _queue = client
    user = await users(role)
    await log_in(http, user.username)
    page = (await http.get("/notifications")).text
    assert "No notifications yet." in page


async def test_anonymous_visitors_are_sent_to_log_in(client: Client, site: Site) -> None:
    http, _queue = client
    response = await http.get("/notifications")
    assert response.status_code == 303 and response.headers["location"].startswith("/login")
