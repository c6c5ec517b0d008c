"""``arena backup FILE`` and ``arena restore FILE``: the install in one archive and back."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.progress import Progress, SpinnerColumn, TaskID, TextColumn, TimeElapsedColumn

from ictarena.backups.backup import create_backup
from ictarena.backups.errors import BackupError
from ictarena.backups.restore import restore_backup
from ictarena.cli.common import console, fail, run, settings_or_exit


class _Steps:
    """Each step a line with a spinner, ticked off when the next one starts."""

    def __init__(self, progress: Progress) -> None:
        self.progress = progress
        self.current: TaskID | None = None

    def __call__(self, description: str) -> None:
        self.done()
        self.current = self.progress.add_task(description, total=None)

    def failed(self) -> None:
        if self.current is not None:
            task = self.progress.tasks[self.current]
            self.progress.update(
                self.current, description=f"[red]{task.description}: failed", completed=1, total=1
            )
            self.current = None

    def done(self) -> None:
        if self.current is not None:
            self.progress.update(self.current, completed=1, total=1)
            self.current = None


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}" if number == 1 else f"{number} {noun}s"


def _progress() -> Progress:
    return Progress(
        SpinnerColumn(), TextColumn("{task.description}"), TimeElapsedColumn(), console=console
    )


def backup(
    file: Path = typer.Argument(..., help="the archive to write: .tar, or .tar.gz to compress"),
) -> None:
    """Back up the database and the task data (and the embedded signing key) to FILE."""
    settings = settings_or_exit()
    with _progress() as progress:
        steps = _Steps(progress)
        try:
            manifest = run(create_backup(settings, file, steps))
        except BackupError as exc:
            steps.failed()
            progress.stop()
            raise fail(str(exc)) from None
        steps.done()
    rows = sum(manifest.tables.values())
    stored = sum(manifest.files.values())
    console.print(
        f"[green]Backed up to {file}:[/] {manifest.database} database at revision "
        f"{manifest.revision}, {_count(rows, 'row')} in {_count(len(manifest.tables), 'table')}, "
        f"{_count(stored, 'file')}.",
        highlight=False,
    )


def restore(
    file: Path = typer.Argument(..., help="an archive written by `arena backup`"),
    force: bool = typer.Option(
        False, "--force", help="replace the database and stores even when they hold data"
    ),
) -> None:
    """Restore FILE into an empty install (stop the platform first), then migrate it."""
    settings = settings_or_exit()
    with _progress() as progress:
        steps = _Steps(progress)
        try:
            restored = run(restore_backup(settings, file, force, steps))
        except BackupError as exc:
            steps.failed()
            progress.stop()
            raise fail(str(exc)) from None
        steps.done()
    manifest = restored.manifest
    console.print(
        f"[green]Restored {file}[/] (made {manifest.created_at:%Y-%m-%d %H:%M} UTC at revision "
        f"{manifest.revision}).",
        highlight=False,
    )
    if restored.migrated_to:
        console.print(f"[green]Migrated the database to {restored.migrated_to}.[/]")
