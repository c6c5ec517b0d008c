"""Seed a compressed mock contest for the load run: ``--students`` student accounts, one open
round with a code, an SQL, a Linux and a network task from the bundled problem sets, every
student entered; print the plan the load clients read (JSON on stdout).

It runs where the platform runs, against the platform's configured database (the
``ARENA_*`` environment), so that in the production stack it can be piped into a container::

    docker-compose exec -T web python - --students 300 < benchmarks/load/seed.py > plan.json

The bundled problem sets must be imported (the stack's install step does it). The accounts are
``load001``, ``load002``, … with one password (an account made by an earlier run gets this run's). The
contest ``load-mock`` is made anew on each run (an older one is renamed out of the way), its
round open from a minute ago for ``--minutes``.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import secrets
import sys
import tempfile
from datetime import timedelta
from pathlib import Path
from typing import Any

import yaml
from sqlalchemy import select, update

from ictarena.accounts.models import Role, User
from ictarena.accounts.passwords import hash_password
from ictarena.accounts.services import create_user
from ictarena.catalog.models import Task
from ictarena.contests.contestfile import create_from_file, read_contest_file
from ictarena.contests.models import Contest
from ictarena.db import Database, utcnow
from ictarena.settings import load_settings

# The round's tasks: label, task slug, the problem set folder of its accepted reference, the
# share of submissions it gets.
TASKS = (
    ("A", "subnet-mask", "programming/subnet-mask", "code", 60),
    ("B", "gauss-ticket-schema", "opengauss/ticket-schema", "sql", 20),
    ("C", "euler-log-analysis", "openeuler/log-analysis", "linux", 10),
    ("D", "datacom-static-routing", "datacom/static-routing", "network", 10),
)
SLUG = "load-mock"


def problem_sets() -> Path:
    """The bundled problem sets beside the installed platform (the app image and a checkout)."""
    for base in (Path.cwd(), Path("/srv/arena"), Path(__file__).resolve().parents[2]):
        if (base / "problem_sets").is_dir():
            return base / "problem_sets"
    sys.exit("seed: no problem_sets folder here, in /srv/arena or beside this script")


def reference(folder: Path, kind: str) -> dict[str, Any]:
    """The accepted reference of a task as the answer form's fields."""
    accepted = folder / "solutions" / "accepted"
    if kind == "code":
        source = accepted / "subnet.py"
        return {"language": "python3", "source": source.read_text()}
    entries = sorted(accepted.iterdir())
    entry = entries[0]
    if entry.is_dir():
        return {"files": {p.name: p.read_text() for p in sorted(entry.iterdir()) if p.is_file()}}
    return {"files": {entry.name: entry.read_text()}}


async def seed(students: int, password: str, minutes: int) -> dict[str, Any]:
    settings = load_settings()
    database = Database.from_url(settings.db_url)
    names = [f"load{n:03d}" for n in range(1, students + 1)]
    try:
        async with database.transaction() as session:
            found = set(
                await session.scalars(select(User.username).where(User.username.in_(names)))
            )
            for name in names:
                if name not in found:
                    await create_user(session, name, password, Role.STUDENT, f"Load {name[4:]}")
            if found:
                digest = await hash_password(password)
                await session.execute(
                    update(User).where(User.username.in_(found)).values(password_hash=digest)
                )
            admin = await session.scalar(
                select(User).where(User.role == Role.ADMIN).order_by(User.id).limit(1)
            )
            if admin is None:
                sys.exit("seed: no admin account yet (the install makes one)")
            slugs = [t[1] for t in TASKS]
            have = set(await session.scalars(select(Task.slug).where(Task.slug.in_(slugs))))
            missing = [s for s in slugs if s not in have]
            if missing:
                sys.exit(f"seed: tasks not imported: {', '.join(missing)}")
            stamp = utcnow().strftime("%H%M%S")
            await session.execute(
                update(Contest).where(Contest.slug == SLUG).values(slug=f"{SLUG}-{stamp}")
            )
            now = utcnow().astimezone(settings.zone).replace(second=0, microsecond=0)
            spec = {
                "slug": SLUG,
                "title": "Load mock",
                "students": names,
                "rounds": [
                    {
                        "name": "Load",
                        "kind": "mixed",
                        "scoring": "ioi",
                        "weight": 100,
                        "starts_at": (now - timedelta(minutes=1)).strftime("%Y-%m-%d %H:%M"),
                        "ends_at": (now + timedelta(minutes=minutes)).strftime("%Y-%m-%d %H:%M"),
                        "tasks": [{"task": slug, "label": label} for label, slug, *_ in TASKS],
                    }
                ],
            }
            with tempfile.TemporaryDirectory() as tmp:
                path = Path(tmp) / "contest.yaml"
                path.write_text(yaml.safe_dump(spec, sort_keys=False))
                parsed, node = read_contest_file(path)
                await create_from_file(
                    session, admin, parsed, node, zone=settings.zone, now=utcnow()
                )
    finally:
        await database.dispose()
    root = problem_sets()
    return {
        "contest": SLUG,
        "round": 1,
        "password": password,
        "students": names,
        "tasks": [
            {"label": label, "slug": slug, "type": kind, "share": share}
            | reference(root / folder, kind)
            for label, slug, folder, kind, share in TASKS
        ],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, default=300)
    parser.add_argument("--password", default="")
    parser.add_argument("--minutes", type=int, default=90, help="how long the round stays open")
    args = parser.parse_args()
    password = args.password or "Load-" + secrets.token_urlsafe(12)
    plan = asyncio.run(seed(args.students, password, args.minutes))
    json.dump(plan, sys.stdout, ensure_ascii=False, indent=1)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
