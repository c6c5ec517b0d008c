"""The jury's contest pages, under ``/contests/new`` and ``/contests/{slug}/admin``: the contest
itself (:mod:`.contests_admin_contest`), its rounds and tasks (:mod:`.contests_admin_rounds`),
and the people taking part (:mod:`.contests_admin_people`)."""

from __future__ import annotations

from starlette.routing import BaseRoute

from ictarena.http.routes import (
    contests_admin_contest,
    contests_admin_people,
    contests_admin_rounds,
)

routes: list[BaseRoute] = [
    *contests_admin_contest.routes,
    *contests_admin_rounds.routes,
    *contests_admin_people.routes,
]
