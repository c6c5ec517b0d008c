"""The contest board benchmark's data builder and baseline still work, at a toy size: the
contest loads with bulk INSERTs, the cache rebuild fills its cells, and the cached board ranks
its lines as the naive board computed from every submission does. Times nothing
(benchmarks/contest_board_bench.py does)."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from benchmarks.contest_board_bench import parse, read_page, render, report
from benchmarks.contest_board_data import Plan, load, naive_board
from ictarena.contests import standings
from ictarena.contests.models import Contest, ScoreCell
from ictarena.contests.standings import View
from ictarena.db import Database, utcnow
from ictarena.submissions import contest_cells
from ictarena.submissions.models import Submission

pytestmark = pytest.mark.postgres
PLAN = Plan(entries=30, tasks=4, submissions=400, prefix="csmoke")


async def test_a_toy_contest_loads_and_its_board_equals_the_naive_one(
    committed_db: Database,
) -> None:
    standings.forget()
    async with committed_db.session() as session:
        loaded = await load(session, PLAN, utcnow())
        await session.commit()
    async with committed_db.transaction() as session:
        cells = await contest_cells.rebuild_contest(session, loaded.contest_id)
    async with committed_db.session() as session:
        assert await session.scalar(select(func.count()).select_from(Submission)) == 400
        stored = await session.scalar(
            select(func.count())
            .select_from(ScoreCell)
            .where(ScoreCell.contest_id == loaded.contest_id)
        )
        assert stored == cells > 0
        contest = await session.get(Contest, loaded.contest_id)
        assert contest is not None
        cached = await standings.scoreboard(session, contest, View.JURY, None, utcnow())
        naive = await naive_board(session, loaded.contest_id, utcnow())
    assert len(cached.lines) == len(naive.lines) == 30
    assert {line.entry_id: (line.rank, line.total, line.penalty) for line in cached.lines} == {
        line.entry_id: (line.rank, line.total, line.penalty) for line in naive.lines
    }
    page = await read_page(committed_db, loaded.contest_id)
    assert page.count("<tr>") == 31  # the header and a row per line
    assert render(cached, keep=False).count("<tr>") == 31
    args = parse(["--entries", "30", "--tasks", "4"])
    out = {
        "cells": cells,
        "hidden": 0,
        "load_s": 0.1,
        "rebuild_s": 0.1,
        "busy_verdicts": 1,
        "unchanged_ms": 1.0,
        "verdict_statements": 14,
        **{
            k: [1.0, 2.0]
            for k in ("naive", "cold", "cold_read", "render", "quiet", "busy", "catch_up")
        },
        "verdict": [3.0],
    }
    assert "| recorded judging → cell committed (14 statements) | 1 |" in report(args, out)
