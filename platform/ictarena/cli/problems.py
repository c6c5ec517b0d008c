"""``arena problems``: check, verify and import task packages, problem sets and Kattis packages."""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn
from rich.table import Table

from ictarena.catalog.models import Competency
from ictarena.catalog.packages.errors import PackageInvalid
from ictarena.catalog.packages.importer import (
    ImportReport,
    existing_import,
    import_bundled,
    import_catalogue,
    mark_source,
)
from ictarena.catalog.packages.kattis import KattisOptions
from ictarena.catalog.packages.sources import Catalogue, read_paths
from ictarena.catalog.packages.tree import PackageLimits
from ictarena.catalog.packages.verify import (
    JudgeFn,
    Result,
    Summary,
    choose_cpp_standard,
    infer_time_limit,
    sandbox_judge,
    verify,
)
from ictarena.catalog.tasktypes.registry import kind
from ictarena.cli.common import console, err_console, run, settings_or_exit
from ictarena.db import Database
from ictarena.settings import Settings

app = typer.Typer(help="Task packages: check, verify, import.", no_args_is_help=True)

PATHS = typer.Argument(..., help="package folders, .zip/.kpp files or problem-set folders")
TRACK = typer.Option("programming", "--track", help="Kattis packages: the track")
TIER = typer.Option("associate", "--tier", help="Kattis packages: associate, professional, expert")
MODULE = typer.Option("kattis", "--module", help="Kattis packages: the module id (made if new)")
MODULE_TITLE = typer.Option(None, "--module-title", help="title of a new module")
COMPETENCY = typer.Option(
    [Competency.LOGICAL_REASONING.value], "--competency", help="Kattis packages: competencies"
)
DIFFICULTY = typer.Option(2, "--difficulty", min=1, max=5, help="Kattis packages: 1-5")
TIME_LIMIT = typer.Option(None, "--time-limit", help="Kattis packages: time limit in seconds")
TASK_ID = typer.Option(None, "--id", help="Kattis packages: the task id (default: folder name)")
PYTHON = typer.Option(
    "pypy3",
    "--python",
    help="Kattis packages: what Python solutions run as, pypy3 (as ICPC judges) or python3",
)


def _options(
    track: str,
    tier: str,
    module: str,
    module_title: str | None,
    competency: list[str],
    difficulty: int,
    time_limit: float | None,
    task_id: str | None,
    python: str = "pypy3",
) -> KattisOptions:
    if tier not in ("associate", "professional", "expert"):
        raise typer.BadParameter("associate, professional or expert", param_hint="--tier")
    if python not in ("python3", "pypy3"):
        raise typer.BadParameter("pypy3 or python3", param_hint="--python")
    return KattisOptions(
        track=track,
        tier=tier,  # type: ignore[arg-type]
        module=module,
        module_title=module_title,
        competencies=tuple(competency),
        difficulty=difficulty,
        time_limit_s=time_limit,
        slug=task_id,
        python=python,  # type: ignore[arg-type]
    )


def _read(paths: list[Path], options: KattisOptions) -> Catalogue:
    limits = PackageLimits.from_settings(settings_or_exit())
    with console.status("Reading packages…"):
        catalogue = read_paths(paths, options, limits)
    for warning in catalogue.warnings:
        console.print(f"[yellow]warning:[/] {warning}", highlight=False)
    for error in catalogue.errors:
        err_console.print(f"[red]error:[/] {error}", highlight=False)
    return catalogue


def _judge() -> JudgeFn:
    from ictjudge.errors import JudgeError
    from ictjudge.sandbox import connect

    settings = settings_or_exit()
    try:
        client = connect(settings.docker_url)
    except JudgeError as exc:
        err_console.print(f"[red]error:[/] the judge is unavailable: {exc}")
        raise typer.Exit(1) from None
    return sandbox_judge(client)


def _print_results(results: list[Result]) -> int:
    """One line per reference solution (expected, got, its slowest test against the time
    limit, or why it was skipped), its warnings under it; returns the mismatches."""
    for result in results:
        if result.outcome == "mismatch":
            # on stdout with the other lines, so that they stay in order when piped
            console.print(f"[red]MISMATCH[/] {result}", highlight=False, soft_wrap=True)
        elif result.outcome == "skipped":
            console.print(f"[yellow]skipped[/]  {result}", highlight=False, soft_wrap=True)
        else:
            note = f" [yellow]({result.note})[/]" if result.note else ""
            console.print(f"[green]ok[/]       {result}{note}", highlight=False, soft_wrap=True)
        for warning in result.warnings:
            console.print(
                f"[yellow]warning:[/] {result.task}: {result.path}: {warning}",
                highlight=False,
                soft_wrap=True,
            )
    return Summary.of(results).mismatched


def check(paths: list[Path], options: KattisOptions, _verify_first: bool) -> None:
    """Validate packages without importing them; every error is located."""
    catalogue = _read(paths, options)
    if not catalogue.ok:
        err_console.print(f"[bold red]{len(catalogue.errors)} error(s).[/]")
        raise typer.Exit(1)
    kinds: dict[str, int] = {}
    for package in catalogue.packages:
        kinds[package.spec.type] = kinds.get(package.spec.type, 0) + 1
    summary = ", ".join(f"{n} {kind}" for kind, n in sorted(kinds.items())) or "no tasks"
    console.print(f"[green]OK:[/] {len(catalogue.packages)} package(s) ({summary}).")


async def _verify_all(catalogue: Catalogue, judge: JudgeFn | None) -> list[Result]:
    results: list[Result] = []
    with Progress(
        TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), console=console
    ) as progress:
        step = progress.add_task("Verifying", total=len(catalogue.packages))
        for package in catalogue.packages:
            progress.update(step, description=f"Verifying {package.slug}")
            choosing = package.cpp_to_choose  # not when the import chose it already
            results.extend(await verify(package, judge))
            if choosing and package.cpp_note:
                console.print(f"{package.slug}: {package.cpp_note}", highlight=False)
            progress.advance(step)
    return results


def verify_command(paths: list[Path], options: KattisOptions, _verify_first: bool) -> None:
    """Run every reference solution through the judge; report each mismatch (exit 1)."""
    catalogue = _read(paths, options)
    if not catalogue.ok:
        raise typer.Exit(1)
    needs_judge = any(kind(p.spec.type).answers == "source" for p in catalogue.packages)
    judge = _judge() if needs_judge else None
    results = run(_verify_all(catalogue, judge))
    mismatches = _print_results(results)
    summary = Summary.of(results)
    colour = "bold red" if mismatches else "green"
    console.print(f"[{colour}]Summary:[/] {summary}.", highlight=False)
    if mismatches:
        raise typer.Exit(1)


async def _prepare(database: Database, catalogue: Catalogue, judge_factory: Any) -> list[Result]:
    """Choose the C++ standard of Kattis packages with C++ submissions, and infer the time
    limits of those that state none, from their submissions, unless the same package was
    imported before: its dataset's choices are kept."""
    pending = [p for p in catalogue.packages if p.time_limit_plan or p.cpp_to_choose]
    results: list[Result] = []
    judge: JudgeFn | None = None
    for package in pending:
        mark_source(package)
        async with database.session() as session:
            existing = await existing_import(session, package)
        if existing is not None:
            package.manifest = dict(existing.manifest)
            package.time_limit_note = existing.time_limit_note
            package.time_limit_plan = None
            package.set_cpp(package.manifest.get("cpp"), None)
            continue
        judge = judge or judge_factory()
        with tempfile.TemporaryDirectory(prefix="arena-infer-") as temp:
            if package.cpp_to_choose:
                console.print(f"Choosing the C++ standard of {package.slug}…")
                await choose_cpp_standard(package, judge, Path(temp))
                if package.cpp_note:
                    console.print(f"  {package.slug}: {package.cpp_note}", highlight=False)
            if package.time_limit_plan is None:
                continue
            console.print(f"Inferring the time limit of {package.slug} from its submissions…")
            results.extend(await infer_time_limit(package, judge, Path(temp)))
        if package.time_limit_note:
            console.print(f"  {package.slug}: {package.time_limit_note}", highlight=False)
    return results


def _print_criteria_kept(report: ImportReport) -> None:
    """Tiers whose entry criteria an admin edited and whose track file now says otherwise."""
    for note in report.criteria_kept:
        console.print(f"[yellow]note:[/] {note}", highlight=False)
    if report.criteria_kept:
        console.print("Edit or revert them at /admin/tracks.", highlight=False)


def _print_report(report: ImportReport) -> None:
    table = Table("task", "status", "version")
    for change in report.changes:
        colour = {"unchanged": "dim", "created": "green"}.get(change.status, "yellow")
        table.add_row(change.slug, f"[{colour}]{change.status}[/]", str(change.version))
    console.print(table)
    if report.tracks_written:
        console.print(f"Tracks and tiers from track.yaml: {', '.join(report.tracks_written)}")
    _print_criteria_kept(report)
    if report.modules_created:
        console.print(f"New modules: {', '.join(report.modules_created)}")
    changed = report.datasets_changed()
    if changed:
        console.print(
            "[yellow]New live datasets for:[/] "
            + ", ".join(c.slug for c in changed)
            + ". Earlier judgings keep their dataset; rejudge from /admin/rejudgings."
        )
    counts = {s: report.count(s) for s in ("created", "new_version", "switched", "unchanged")}
    console.print(
        f"[green]Imported:[/] {counts['created']} new, {counts['new_version']} new version(s), "
        f"{counts['switched']} switched back, {counts['unchanged']} unchanged."
    )


async def _import(
    catalogue: Catalogue, verify_first: bool, judge_factory: Any
) -> tuple[ImportReport | None, int]:
    settings = settings_or_exit()
    database = Database.from_url(settings.db_url)
    try:
        inferred = await _prepare(database, catalogue, judge_factory)
        mismatches = _print_results([r for r in inferred if r.outcome != "ok"])
        if mismatches:
            return None, mismatches
        if verify_first:
            verified = await _verify_all(catalogue, judge_factory())
            mismatches = _print_results(verified)
            console.print(f"Summary: {Summary.of(verified)}.", highlight=False)
            if mismatches:
                return None, mismatches
        with Progress(
            TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), console=console
        ) as progress:
            step = progress.add_task("Importing", total=len(catalogue.packages))

            def advance(slug: str) -> None:
                progress.update(step, description=f"Importing {slug}", advance=1)

            async with database.transaction() as session:
                report = await import_catalogue(session, catalogue, settings.tasks_dir, advance)
        return report, 0
    finally:
        await database.dispose()


def import_command(paths: list[Path], options: KattisOptions, verify_first: bool) -> None:
    """Import packages (all or nothing); re-importing an unchanged package changes nothing."""
    catalogue = _read(paths, options)
    if not catalogue.ok:
        err_console.print("[bold red]Nothing was imported.[/]")
        raise typer.Exit(1)
    try:
        report, mismatches = run(_import(catalogue, verify_first, _judge))
    except PackageInvalid as exc:
        for error in exc.errors:
            err_console.print(f"[red]error:[/] {error}", highlight=False)
        err_console.print("[bold red]Nothing was imported.[/]")
        raise typer.Exit(1) from None
    if report is None:
        err_console.print(f"[bold red]{mismatches} mismatch(es); nothing was imported.[/]")
        raise typer.Exit(1)
    _print_report(report)


Action = Callable[[list[Path], KattisOptions, bool], None]


def _command(action: Action, name: str, with_verify: bool = False) -> None:
    """Register ``action`` as ``arena problems NAME PATH… [Kattis options]``."""

    def command(
        paths: list[Path] = PATHS,
        track: str = TRACK,
        tier: str = TIER,
        module: str = MODULE,
        module_title: str | None = MODULE_TITLE,
        competency: list[str] = COMPETENCY,
        difficulty: int = DIFFICULTY,
        time_limit: float | None = TIME_LIMIT,
        task_id: str | None = TASK_ID,
        python: str = PYTHON,
        verify_first: bool = typer.Option(
            False,
            "--verify",
            hidden=not with_verify,
            help="verify every package first; import nothing on a mismatch",
        ),
    ) -> None:
        options = _options(
            track, tier, module, module_title, competency, difficulty, time_limit, task_id, python
        )
        action(paths, options, verify_first)

    app.command(name, help=action.__doc__)(command)


_command(check, "check")
_command(verify_command, "verify")
_command(import_command, "import", with_verify=True)


def import_bundled_step(settings: Settings) -> str:
    """``arena up``'s step: import the bundled problem sets; a one-line outcome to show.

    A broken bundled package is reported and skipped as a whole (nothing is imported), so the
    platform still starts.
    """

    async def go() -> ImportReport:
        database = Database.from_url(settings.db_url)
        try:
            return await import_bundled(settings, database)
        finally:
            await database.dispose()

    try:
        report = run(go())
    except PackageInvalid as exc:
        for error in exc.errors:
            err_console.print(f"[red]error:[/] {error}", highlight=False)
        return "[red]Bundled problem sets not imported (errors above)"
    _print_criteria_kept(report)
    changed = len(report.changes) - report.count("unchanged")
    return f"[green]Bundled problem sets: {len(report.changes)} tasks, {changed} new or changed"
