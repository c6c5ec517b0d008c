"""The user's notifications: the list (newest first, unread ones marked), opening one (marks
it read and follows its link) and marking them all read. The unread count in the header is
read once per page by :func:`ictarena.http.context.page`."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from starlette.responses import Response
from starlette.routing import Route

from ictarena import i18n
from ictarena.accounts.models import Role
from ictarena.events import notifications
from ictarena.events.models import Notification
from ictarena.http.context import Ctx, page

ANY_USER = (Role.STUDENT, Role.COACH, Role.ADMIN)
SHOWN = 100  # the latest ones; older notifications are not worth a page of their own


@dataclass(frozen=True)
class NoticeView:
    id: int
    text: str
    action: str
    link: str
    unread: bool
    created_at: datetime


def _params(params: dict[str, Any], zh: bool) -> dict[str, object]:
    """The stored params with ``track``/``tier`` in the reader's language."""
    values: dict[str, object] = dict(params)
    for name in ("track", "tier"):
        english = str(params.get(f"{name}_en", ""))
        chinese = str(params.get(f"{name}_zh", "")) or english
        values[name] = chinese if zh else english
    values.setdefault("reason", "")
    return values


def text(notification: Notification, locale: str) -> str:
    """The notification in ``locale`` (an unknown kind shows its key, never an error)."""
    template = notifications.TEXTS.get(notification.kind)
    if template is None:
        return notification.kind
    try:
        return i18n.gettext(template) % _params(notification.params, locale == "zh_Hans")
    except (KeyError, ValueError, TypeError):
        return i18n.gettext(template)


def _safe_link(link: str) -> str:
    """Only a path of this site is followed (a stored link never sends anyone elsewhere)."""
    return link if link.startswith("/") and not link.startswith("//") else ""


@page(*ANY_USER)
async def notification_list(ctx: Ctx) -> Response:
    assert ctx.user is not None
    rows = await notifications.recent(ctx.db, ctx.user.id, SHOWN)
    notices = [
        NoticeView(
            id=n.id,
            text=text(n, ctx.locale),
            action=ctx.t("See my progress") if n.link == "/progress" else ctx.t("View"),
            link=_safe_link(n.link),
            unread=n.read_at is None,
            created_at=n.created_at,
        )
        for n in rows
    ]
    return ctx.render(
        "notifications.html",
        title=ctx.t("Notifications"),
        notices=notices,
        unread=ctx.unread_notifications or 0,
    )


@page(*ANY_USER)
async def open_notification(ctx: Ctx) -> Response:
    """Mark one notification read and go where it leads."""
    assert ctx.user is not None
    notification_id = int(ctx.request.path_params["id"])
    notification = await notifications.mark_read(ctx.db, ctx.user.id, notification_id)
    link = notification.link
    await ctx.db.commit()
    return ctx.redirect(_safe_link(link) or "/notifications")


@page(*ANY_USER)
async def read_all(ctx: Ctx) -> Response:
    assert ctx.user is not None
    await notifications.mark_all_read(ctx.db, ctx.user.id)
    await ctx.db.commit()
    ctx.flash("notifications_read")
    return ctx.redirect("/notifications")


routes = [
    Route("/notifications", notification_list),
    Route("/notifications/read", read_all, methods=["POST"]),
    Route("/notifications/{id:int}/open", open_notification, methods=["POST"]),
]
