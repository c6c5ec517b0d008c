"""The ``arena`` command's entry point.

``arena worker`` imports only the worker command: a judge host runs without the database layer
(it fetches task data over HTTP), so the other commands' modules, which load SQLAlchemy, stay
unimported. Every other subcommand goes to the full command line in :mod:`ictarena.cli.main`.
"""

from __future__ import annotations

import sys


def main() -> None:
    if sys.argv[1:2] == ["worker"]:
        import typer

        from ictarena.cli.worker import worker

        command = typer.Typer(add_completion=False)
        command.command()(worker)
        command(args=sys.argv[2:], prog_name="arena worker")
        return
    from ictarena.cli.main import app

    app()


if __name__ == "__main__":
    main()
