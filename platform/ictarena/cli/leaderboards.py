"""``arena leaderboards``: the leaderboards' score cache.

The cache (point gains, board totals, task statistics) is kept up to date as judgings are
recorded; ``rebuild`` recomputes it from every valid practice judging, for an install that
predates the boards, after changing ``ARENA_TIMEZONE``, or after tasks moved between tiers or
changed difficulty. ``arena up`` rebuilds it when it is empty.
"""

from __future__ import annotations

import time

import typer

from ictarena.cli.common import console, run, settings_or_exit
from ictarena.db import Database
from ictarena.leaderboards.cache import is_empty
from ictarena.settings import Settings
from ictarena.submissions.recording import rebuild_leaderboards

app = typer.Typer(help="Leaderboards: practice points and the boards' cache.", no_args_is_help=True)


async def _rebuild(settings: Settings, only_if_empty: bool) -> int | None:
    database = Database.from_url(settings.db_url)
    try:
        async with database.transaction() as session:
            if only_if_empty and not await is_empty(session):
                return None
            return await rebuild_leaderboards(session, settings.zone)
    finally:
        await database.dispose()


@app.command("rebuild")
def rebuild() -> None:
    """Recompute points, board totals and task statistics from every practice judging."""
    settings = settings_or_exit()
    started = time.perf_counter()
    students = run(_rebuild(settings, only_if_empty=False))
    console.print(
        f"[green]Leaderboards rebuilt:[/] students with points: {students}; "
        f"time zone {settings.timezone}; {time.perf_counter() - started:.1f} s.",
        soft_wrap=True,
    )


def rebuild_if_empty_step(settings: Settings) -> str:
    """For ``arena up``: fill an empty cache from the recorded judgings; say what happened."""
    students = run(_rebuild(settings, only_if_empty=True))
    if students is None:
        return "[green]Leaderboards ready"
    return f"[green]Leaderboards built (students with points: {students})"
