"""``arena leaderboards rebuild`` fills the cache of an install that predates it."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import delete, select
from sqlalchemy.pool import NullPool
from typer.testing import CliRunner

from ictarena.cli.main import app
from ictarena.db import Database
from ictarena.leaderboards.models import BoardTotal, PointGain, TaskStat
from tests.arena.leaderboards.world import build_world, practise

runner = CliRunner()


async def _judged_without_cache(url: str) -> int:
    db = Database.from_url(url, poolclass=NullPool)
    try:
        async with db.session() as session:
            world = await build_world(session, difficulties=(4,), students=1)
        student = world.students[0]
        await practise(
            db, student.id, world.tasks[0], datetime(2026, 11, 2, tzinfo=UTC), "AC", 100.0
        )
        async with db.transaction() as session:  # as before the boards existed
            for table in (PointGain, BoardTotal, TaskStat):
                await session.execute(delete(table))
        return student.id
    finally:
        await db.dispose()


async def _points(url: str, user_id: int) -> float | None:
    db = Database.from_url(url, poolclass=NullPool)
    try:
        async with db.session() as session:
            return await session.scalar(
                select(BoardTotal.points).where(
                    BoardTotal.user_id == user_id,
                    BoardTotal.board == "all",
                    BoardTotal.period == "all",
                )
            )
    finally:
        await db.dispose()


def test_rebuild_fills_the_cache_from_the_recorded_judgings(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ARENA_DATA_DIR", str(tmp_path))
    monkeypatch.delenv("ARENA_DATABASE_URL", raising=False)
    monkeypatch.delenv("ARENA_MODE", raising=False)
    assert runner.invoke(app, ["db", "upgrade"]).exit_code == 0
    url = f"sqlite+aiosqlite:///{(tmp_path / 'arena.db').resolve()}"
    student = asyncio.run(_judged_without_cache(url))
    assert asyncio.run(_points(url, student)) is None

    done = runner.invoke(app, ["leaderboards", "rebuild"])
    assert done.exit_code == 0, done.output
    assert "Leaderboards rebuilt" in done.output and "students with points: 1" in done.output
    assert "Asia/Shanghai" in done.output
    assert asyncio.run(_points(url, student)) == 40.0
