"""``arena promotions``: the coaches' promotion queue from the command line.

``arena promotions candidates --cohort ID`` prints a cohort's queue (who meets every entry
criterion of their next tier, then who is close) as a table, or as JSON with ``--json``.
Cohorts have no slug: the id is the one in the cohort page's address.
"""

from __future__ import annotations

import json

import typer
from rich.table import Table

from ictarena.cli.common import console, fail, run, settings_or_exit
from ictarena.db import Database
from ictarena.errors import NotFound
from ictarena.progression.queue import PromotionQueue, QueueRow, cohort_queue
from ictarena.settings import Settings

app = typer.Typer(help="Promotions: the coaches' queue.", no_args_is_help=True)


async def _queue(settings: Settings, cohort_id: int) -> PromotionQueue:
    database = Database.from_url(settings.db_url)
    try:
        async with database.session() as session:
            return await cohort_queue(session, cohort_id)
    finally:
        await database.dispose()


def _have(value: float | None) -> str:
    if value is None:
        return "—"
    return f"{value:g}"


def _criteria(row: QueueRow) -> str:
    return ", ".join(
        f"{'✓' if p.met else '✗'} {p.key} {_have(p.have)}/{p.need:g}"
        for p in row.readiness.progress
    )


def _table(queue: PromotionQueue) -> Table:
    table = Table(title=f"Promotion queue of cohort {queue.cohort.id} ({queue.cohort.name})")
    for column in ("group", "student", "track", "from", "to", "close", "criteria"):
        table.add_column(column)
    for group, rows in (("ready", queue.ready), ("close", queue.close)):
        for row in rows:
            ready = row.readiness
            table.add_row(
                group,
                row.student.username,
                ready.track.slug,
                ready.held.slug,
                ready.next_tier.slug if ready.next_tier else "—",
                f"{ready.closeness:.0%}",
                _criteria(row),
            )
    return table


@app.command("candidates")
def candidates(
    cohort: int = typer.Option(..., "--cohort", help="the cohort's id (cohorts have no slug)"),
    as_json: bool = typer.Option(False, "--json", help="print the queue as JSON"),
) -> None:
    """Print a cohort's promotion queue: ready candidates first, then those close (≥ 80 %)."""
    settings = settings_or_exit()
    try:
        queue = run(_queue(settings, cohort))
    except NotFound:
        raise fail(f"no cohort with id {cohort}") from None
    if as_json:
        typer.echo(json.dumps(queue.to_json(), ensure_ascii=False, indent=2))
        return
    if not queue.ready and not queue.close:
        console.print(f"No candidates in cohort {queue.cohort.id} ({queue.cohort.name}).")
        return
    console.print(_table(queue))
