"""``arena ratings``: students' ratings from the rated contests.

Ratings are derived data: ``recompute`` replays every rated contest whose ratings the jury has
published, in the order they ended, from their final standings, and rewrites the rating
changes whole. The same history gives the same ratings, to the last digit.
"""

from __future__ import annotations

import time

import typer

from ictarena.cli.common import console, run, settings_or_exit
from ictarena.contests.rating_history import recompute as replay
from ictarena.db import Database, utcnow
from ictarena.settings import Settings

app = typer.Typer(help="Ratings from rated contests.", no_args_is_help=True)


async def _recompute(settings: Settings) -> int:
    database = Database.from_url(settings.db_url)
    try:
        async with database.transaction() as session:
            return await replay(session, utcnow())
    finally:
        await database.dispose()


@app.command("recompute")
def recompute() -> None:
    """Replay every published rated contest and rewrite the rating changes."""
    settings = settings_or_exit()
    started = time.perf_counter()
    changes = run(_recompute(settings))
    console.print(
        f"[green]Ratings recomputed:[/] {changes} rating changes; "
        f"{time.perf_counter() - started:.1f} s.",
        soft_wrap=True,
    )
