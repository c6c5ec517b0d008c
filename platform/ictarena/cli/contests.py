"""``arena contest``: create a contest from a YAML file, or clone one moved in time.

``arena contest create contest.yaml`` reads the file (its format is in
:mod:`ictarena.contests.contestfile`), checks it whole and creates the contest, its rounds and
tasks, its cohorts, jury, students and teams in one transaction: a bad file gets every problem
located (``contest.yaml:12: rounds[1].starts_at: …``) and creates nothing. ``--check`` reads
and checks without creating. ``arena contest clone SLUG NEW-SLUG --shift 7d`` copies a contest
with all its times moved. Both act as ``--by`` (a coach or an admin; default: the first admin),
who is then on the contest's jury.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import typer
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from ictarena.accounts.models import Role, User
from ictarena.cli.common import console, err_console, fail, run, settings_or_exit
from ictarena.contests import access, setup
from ictarena.contests.contestfile import (
    ContestFileInvalid,
    create_from_file,
    parse_shift,
    read_contest_file,
)
from ictarena.contests.models import Contest
from ictarena.db import Database, utcnow
from ictarena.errors import ArenaError
from ictarena.http.messages import message
from ictarena.settings import Settings

app = typer.Typer(help="Contests: create from a file, clone.", no_args_is_help=True)

BY = typer.Option(None, "--by", help="the coach or admin acting (default: the first admin)")


@dataclass(frozen=True)
class Created:
    slug: str
    title: str
    rounds: int


class _CheckOnly(Exception):
    """Raised after a successful check to roll the transaction back."""

    def __init__(self, created: Created) -> None:
        self.created = created


def _explain(error: ArenaError) -> str:
    return message(error.message, **error.params)


async def _actor(session: AsyncSession, username: str | None) -> User:
    query = select(User).where(User.is_active)
    if username is None:
        query = query.where(User.role == Role.ADMIN).order_by(User.id).limit(1)
    else:
        query = query.where(User.username == username)
    user = await session.scalar(query)
    if user is None:
        raise typer.BadParameter(
            f"no active user {username!r}" if username else "no admin yet: pass --by",
            param_hint="--by",
        )
    if user.role not in (Role.COACH, Role.ADMIN):
        raise typer.BadParameter(f"{username!r} is not a coach or an admin", param_hint="--by")
    return user


async def _create(settings: Settings, path: Path, by: str | None, check: bool) -> Created:
    spec, node = read_contest_file(path)
    database = Database.from_url(settings.db_url)
    try:
        async with database.transaction() as session:
            actor = await _actor(session, by)
            contest = await create_from_file(
                session,
                actor,
                spec,
                node,
                label=path.name,
                zone=settings.zone,
                now=utcnow(),
                explain=_explain,
            )
            rounds = await access.rounds(session, contest.id)
            created = Created(contest.slug, contest.title, len(rounds))
            if check:
                raise _CheckOnly(created)  # rolls the transaction back
            return created
    finally:
        await database.dispose()


def _report(errors: ContestFileInvalid) -> typer.Exit:
    for error in errors.errors:
        err_console.print(f"[red]error:[/] {error}", highlight=False)
    return fail("Nothing was created (errors above).")


@app.command("create")
def create(
    path: Path = typer.Argument(..., help="the contest file (YAML)", exists=True, dir_okay=False),
    by: str | None = BY,
    check: bool = typer.Option(False, "--check", help="check the file, create nothing"),
) -> None:
    """Create a contest with its rounds, tasks, people and teams from a YAML file."""
    settings = settings_or_exit()
    try:
        created = run(_create(settings, path, by, check))
    except ContestFileInvalid as errors:
        raise _report(errors) from None
    except _CheckOnly as checked:
        console.print(
            f"[green]{path.name} is valid[/]: it would create '{checked.created.slug}' "
            f"with {checked.created.rounds} round(s). Nothing was created.",
            highlight=False,
        )
        return
    console.print(
        f"[green]Created contest '{created.slug}'[/] ({created.title}) with "
        f"{created.rounds} round(s).",
        highlight=False,
    )


async def _clone(
    settings: Settings, slug: str, new_slug: str, title: str | None, shift: str, by: str | None
) -> Contest:
    moved = parse_shift(shift)
    database = Database.from_url(settings.db_url)
    try:
        async with database.transaction() as session:
            actor = await _actor(session, by)
            source = await access.contest_by_slug(session, slug)
            return await setup.clone_contest(
                session, actor, source, slug=new_slug, title=title or source.title, shift=moved
            )
    finally:
        await database.dispose()


@app.command("clone")
def clone(
    slug: str = typer.Argument(..., help="the contest to copy"),
    new_slug: str = typer.Argument(..., help="the copy's short name"),
    shift: str = typer.Option(..., "--shift", help="move every time by e.g. 7d, 12h, 1d12h, -90m"),
    title: str | None = typer.Option(None, "--title", help="the copy's title (default: the same)"),
    by: str | None = BY,
) -> None:
    """Copy a contest (settings, cohorts, jury, rounds and tasks) with its times moved."""
    settings = settings_or_exit()
    try:
        copy = run(_clone(settings, slug, new_slug, title, shift, by))
    except ValueError as exc:
        raise fail(f"--shift: {exc}") from None
    except ArenaError as exc:
        field = getattr(exc, "field", None)
        raise fail(f"{field + ': ' if field else ''}{_explain(exc)}") from None
    console.print(f"[green]Cloned '{slug}' as '{copy.slug}'[/] ({copy.title}).", highlight=False)
