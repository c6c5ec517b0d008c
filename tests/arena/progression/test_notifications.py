"""Notifications in the app: an unread count, the recent list, marking one or all read, and
nobody reads or marks another user's."""

from __future__ import annotations

import pytest

from ictarena.db import Database
from ictarena.errors import NotFound
from ictarena.events import notifications
from tests.arena.progression.conftest import make_user


async def test_unread_count_recent_and_marking_read(any_db: Database) -> None:
    ada = await make_user(any_db, "ada")
    bob = await make_user(any_db, "bob")
    params = {"track_en": "Datacom", "tier_en": "Professional", "reason": "well done"}
    async with any_db.session() as session:
        first = await notifications.notify(
            session, ada.id, "promotion.promote", params, "/progress"
        )
        await notifications.notify(session, ada.id, "promotion.hold", params)
        await notifications.notify(session, bob.id, "promotion.revoke", params)
        await session.commit()
        assert await notifications.unread_count(session, ada.id) == 2
        assert [n.kind for n in await notifications.recent(session, ada.id)] == [
            "promotion.hold",
            "promotion.promote",
        ]
        with pytest.raises(NotFound):  # not bob's to read
            await notifications.mark_read(session, bob.id, first.id)
        read = await notifications.mark_read(session, ada.id, first.id)
        assert read.read_at is not None and read.link == "/progress"
        assert await notifications.unread_count(session, ada.id) == 1
        assert await notifications.mark_all_read(session, ada.id) == 1
        await session.commit()
        assert await notifications.unread_count(session, ada.id) == 0
        assert await notifications.unread_count(session, bob.id) == 1
        with pytest.raises(NotFound):
            await notifications.mark_read(session, ada.id, 10**9)


async def test_every_kind_has_a_text_and_unknown_kinds_are_refused(any_db: Database) -> None:
    ada = await make_user(any_db, "ada")
    assert set(notifications.TEXTS) == {
        "promotion.promote",
        "promotion.early",
        "promotion.hold",
        "promotion.revoke",
        "prerequisites.waived",
    }
    async with any_db.session() as session:
        with pytest.raises(ValueError, match="unknown notification kind"):
            await notifications.notify(session, ada.id, "promotion.typo")
