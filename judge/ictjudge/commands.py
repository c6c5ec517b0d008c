"""``arena judge``: build or check the runtime images, judge a file from the command line."""

from __future__ import annotations

import asyncio
from pathlib import Path

import typer
from rich.console import Console
from rich.table import Table

from ictjudge import images
from ictjudge.errors import JudgeError
from ictjudge.judge import Submission, judge_submission
from ictjudge.languages import LANGUAGES, by_extension
from ictjudge.sandbox import connect
from ictjudge.wire import Report

app = typer.Typer(help="The sandboxed judge.", no_args_is_help=True)
console = Console()


@app.command("images")
def images_command(
    check: bool = typer.Option(False, "--check", help="only report, build nothing"),
    force: bool = typer.Option(False, "--force", help="rebuild even when up to date"),
) -> None:
    """Build the runtime images that are missing or outdated (no registry needed)."""
    try:
        client = connect()
    except JudgeError as exc:
        console.print(f"[bold red]Error:[/] {exc}")
        raise typer.Exit(1) from None
    if check:
        states = images.check(client)
        for tag, state in states.items():
            colour = "green" if state == "ok" else "yellow"
            console.print(f"[{colour}]{state:>8}[/] {tag}")
        raise typer.Exit(0 if all(s == "ok" for s in states.values()) else 1)
    with console.status("Preparing runtime images…") as status:

        def say(message: str) -> None:
            status.update(message)
            if not message.startswith("  "):
                console.print(f"[blue]==>[/] {message}")

        base = images.ensure_base(client, say)
        built = [
            item.tag for item in images.recipes() if images.build(client, item, base, say, force)
        ]
    console.print(f"[green]Runtime images ready[/] ({len(built)} built, the rest up to date).")


def print_report(report: Report) -> None:
    if report.compile and report.compile.message:
        console.rule("compiler")
        console.print(report.compile.message, markup=False, highlight=False)
    table = Table("test", "group", "verdict", "cpu ms", "wall ms", "memory KiB", "message")
    for run in report.runs:
        table.add_row(
            run.name, run.group, run.verdict.value, f"{run.cpu_ms:.1f}", f"{run.wall_ms:.1f}",
            str(run.memory_kb), run.message[:60],
        )  # fmt: skip
    console.print(table)
    console.print(f"[bold]{report.verdict.value}[/]  score {report.score:g} / {report.max_score:g}")


@app.command("run")
def run_command(
    dataset: Path = typer.Argument(
        ..., exists=True, file_okay=False, help="a dataset directory (with dataset.json)"
    ),
    source: Path = typer.Argument(..., exists=True, dir_okay=False, help="the file to judge"),
    language: str | None = typer.Option(None, "--language", "-l", help="default: by extension"),
    json_output: bool = typer.Option(False, "--json", help="print the report as JSON"),
) -> None:
    """Judge SOURCE against DATASET and print the report."""
    if not (dataset / "dataset.json").is_file():
        console.print(f"[bold red]Error:[/] {dataset}/dataset.json: no such file")
        raise typer.Exit(2)
    chosen = LANGUAGES.get(language) if language else by_extension(source.name)
    if chosen is None:
        known = ", ".join(LANGUAGES)
        console.print(
            f"[bold red]Error:[/] {source.name}: cannot tell the language; use -l ({known})"
        )
        raise typer.Exit(2)
    submission = Submission(chosen.id, {source.name: source.read_bytes()})
    try:
        report = asyncio.run(judge_submission(dataset, submission))
    except JudgeError as exc:
        console.print(f"[bold red]Judge error:[/] {exc}")
        raise typer.Exit(1) from None
    if json_output:
        print(report.model_dump_json(indent=2))
    else:
        print_report(report)
