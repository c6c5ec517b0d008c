"""``arena``: bring the platform up, serve, run workers, migrate, manage users."""

from __future__ import annotations

import secrets
from pathlib import Path

import typer
from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from sqlalchemy import select

from ictarena.accounts import services as accounts
from ictarena.accounts.models import Role, User
from ictarena.catalog.packages.errors import PackageInvalid
from ictarena.catalog.tracks import CriteriaKept, seed_bundled_tracks
from ictarena.cli import backups, contests, leaderboards, problems, promotions, ratings
from ictarena.cli.common import console, err_console, fail, run, settings_or_exit
from ictarena.cli.worker import worker as worker_command
from ictarena.db import Database
from ictarena.errors import InvalidInput
from ictarena.settings import Settings
from ictjudge import commands as judge_commands

app = typer.Typer(
    help="ICT Arena: competition training and practice platform.", no_args_is_help=True
)
db_app = typer.Typer(help="Database migrations.", no_args_is_help=True)
user_app = typer.Typer(help="User accounts.", no_args_is_help=True)
app.add_typer(db_app, name="db")
app.command()(worker_command)
app.add_typer(user_app, name="user")
app.add_typer(judge_commands.app, name="judge")
app.add_typer(problems.app, name="problems")
app.add_typer(promotions.app, name="promotions")
app.add_typer(leaderboards.app, name="leaderboards")
app.add_typer(contests.app, name="contest")
app.add_typer(ratings.app, name="ratings")
app.command()(backups.backup)
app.command()(backups.restore)


def _progress() -> Progress:
    return Progress(
        SpinnerColumn(), TextColumn("{task.description}"), TimeElapsedColumn(), console=console
    )


def _migrate(settings: Settings, report_kept: bool = True) -> None:
    """Apply the migrations and seed the bundled tracks (their ``track.yaml`` files); with
    ``report_kept``, print the tiers whose admin-edited criteria now differ from the files."""
    from ictarena import migrate

    settings.data_dir.mkdir(parents=True, exist_ok=True)
    migrate.upgrade(settings.db_url)

    async def seed() -> list[CriteriaKept]:
        database = Database.from_url(settings.db_url)
        try:
            async with database.transaction() as session:
                return await seed_bundled_tracks(session, settings.problem_sets_dir)
        finally:
            await database.dispose()

    try:
        kept = run(seed())
    except PackageInvalid as exc:
        for error in exc.errors:
            err_console.print(f"[red]error:[/] {error}", highlight=False)
        raise fail("The bundled tracks were not seeded (errors above).") from None
    for note in kept if report_kept else []:
        console.print(f"[yellow]note:[/] {note}", highlight=False)


@db_app.command("upgrade")
def db_upgrade(revision: str = typer.Argument("head")) -> None:
    """Apply migrations up to REVISION (default: the newest)."""
    settings = settings_or_exit()
    from ictarena import migrate

    settings.data_dir.mkdir(parents=True, exist_ok=True)
    migrate.upgrade(settings.db_url, revision)
    if revision == "head":
        _migrate(settings)
    console.print(f"[green]Database is at {revision}.[/]")


@db_app.command("downgrade")
def db_downgrade(revision: str = typer.Argument(..., help="target revision, or 'base'")) -> None:
    """Revert migrations down to REVISION."""
    settings = settings_or_exit()
    from ictarena import migrate

    migrate.downgrade(settings.db_url, revision)
    console.print(f"[green]Database is at {revision}.[/]")


async def _create_user(
    settings: Settings, username: str, password: str, role: Role, name: str | None
) -> User:
    database = Database.from_url(settings.db_url)
    try:
        async with database.transaction() as session:
            return await accounts.create_user(session, username, password, role, name)
    finally:
        await database.dispose()


@user_app.command("create")
def user_create(
    username: str,
    role: Role = typer.Option(Role.STUDENT, "--role", help="student, coach or admin"),
    name: str | None = typer.Option(None, "--name", help="display name"),
    password: str | None = typer.Option(
        None,
        "--password",
        help="read from a prompt when omitted (ARENA_PASSWORD also works)",
        envvar="ARENA_PASSWORD",
    ),
) -> None:
    """Create a user; the first admin is made this way."""
    settings = settings_or_exit()
    if password is None:
        password = typer.prompt("Password", hide_input=True, confirmation_prompt=True)
    from ictarena.http.messages import message

    try:
        user = run(_create_user(settings, username, password, role, name))
    except InvalidInput as exc:
        raise fail(f"{exc.field or 'input'}: {message(exc.message, **exc.params)}") from None
    console.print(f"[green]Created {user.role} '{user.username}'.[/]")


async def _admin_exists(settings: Settings) -> bool:
    database = Database.from_url(settings.db_url)
    try:
        async with database.session() as session:
            return (
                await session.scalar(select(User.id).where(User.role == Role.ADMIN).limit(1))
                is not None
            )
    finally:
        await database.dispose()


def _first_admin(settings: Settings) -> str | None:
    """Create 'admin' with a random password when no admin exists; return the password."""
    if run(_admin_exists(settings)):
        return None
    password = secrets.token_urlsafe(12)
    run(_create_user(settings, "admin", password, Role.ADMIN, "Administrator"))
    path = settings.data_dir / "initial-admin-password"
    path.write_text(password + "\n")
    path.chmod(0o600)
    return password


def _serve(settings: Settings) -> None:
    from ictarena.http.app import create_app
    from ictarena.http.heap import freeze_startup_heap
    from ictarena.http.server import server
    from ictarena.observability.logs import configure

    configure(settings.log_level, settings.logs)
    server(create_app(settings, on_startup=[freeze_startup_heap]), settings).run()


@app.command()
def serve() -> None:
    """Serve the web app (migrations must be applied)."""
    _serve(settings_or_exit())


@app.command()
def up(
    skip_images: bool = typer.Option(False, help="do not build the judge runtime images"),
) -> None:
    """Migrate, import bundled problem sets, check Docker and runtime images, then serve."""
    settings = settings_or_exit()
    with _progress() as progress:
        step = progress.add_task("Applying database migrations", total=None)
        _migrate(settings, report_kept=False)  # the import of the sets reports them next
        progress.update(step, description="[green]Database ready", completed=1, total=1)
        step = progress.add_task("Importing the bundled problem sets", total=None)
        outcome = problems.import_bundled_step(settings)
        progress.update(step, description=outcome, completed=1, total=1)
        step = progress.add_task("Preparing the leaderboards", total=None)
        outcome = leaderboards.rebuild_if_empty_step(settings)
        progress.update(step, description=outcome, completed=1, total=1)
        step = progress.add_task("Checking the Docker engine", total=None)
        from ictarena.workers.grader import connect_docker

        client = connect_docker(settings)
        progress.update(
            step,
            description="[green]Docker engine answers"
            if client
            else "[yellow]No Docker engine: judging is unavailable",
            completed=1,
            total=1,
        )
    if client is not None and not skip_images:
        judge_commands.images_command(check=False, force=False)
    if client is not None:
        client.close()
    password = _first_admin(settings)
    console.rule("[bold]ICT Arena is starting")
    console.print(f"Open [bold cyan]{settings.public_url}[/] in a browser.")
    if password:
        console.print(
            f"Log in as [bold]admin[/] with password [bold]{password}[/] "
            f"(also saved in {Path(settings.data_dir) / 'initial-admin-password'})."
        )
    else:
        console.print("Log in with your admin account; create more with `arena user create`.")
    console.print("Press Ctrl+C to stop.")
    _serve(settings)


if __name__ == "__main__":
    app()
