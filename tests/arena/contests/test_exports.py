"""A board as a table and as JSON: what the view shows, as contest people write it."""

from __future__ import annotations

import csv
import io
import json

from ictarena.contests.exports import board_json, board_table, mark
from ictarena.contests.models import Scoring
from ictarena.contests.scoring import RoundTotal
from ictarena.contests.standings import Board, Cell, Column, Line, RoundInfo, View
from ictarena.http.spreadsheet import csv_text
from ictarena.i18n import current_locale


def _board(pass_score: float | None = None) -> Board:
    written = RoundInfo(
        1, "Written", "theory", Scoring.EXAM, 30, False, (Column(1, 10, "W", "Quiz", "测验", 100),)
    )
    lab = RoundInfo(
        2,
        "Lab",
        "lab",
        Scoring.ICPC,
        70,
        True,
        (
            Column(2, 20, "A", "Ping", "连通", 1, 2, 1, 4, 7),
            Column(2, 21, "B", "Route", "路由", 1, 1, 0, 2, None),
        ),
    )
    lines = (
        Line(
            1,
            7,
            '=HYPERLINK("http://evil.example")',
            True,
            ("Ann", "Bob"),
            (RoundTotal(40, 40), RoundTotal(1, 50, 50, 1800)),
            47,
            50,
            1800,
            None if pass_score is None else False,
            {
                (1, 10): Cell(1, 0, False, None, 0, 40.0),
                (2, 20): Cell(2, 0, True, 1800, 50, 1, first=True),
                (2, 21): Cell(1, 2, False, hidden=True),
            },
        ),
        Line(2, 8, "Cat", False, ("Cat",), (RoundTotal(), RoundTotal()), 0, 0, None, None, {}),
    )
    return Board(3, 12, View.PUBLIC, True, 100, pass_score, (written, lab), lines)


def test_cells_read_as_contest_people_write_them() -> None:
    assert mark(Cell(1, 0, True), icpc=True) == "+"
    assert mark(Cell(3, 0, True), icpc=True) == "+2"
    assert mark(Cell(3, 0, False), icpc=True) == "-3"
    assert mark(Cell(1, 2, False, hidden=True), icpc=True) == "-1 ?2"
    assert mark(Cell(0, 1, False), icpc=True) == "?1"
    assert mark(Cell(2, 0, False, score=37.5), icpc=False) == "37.5"
    assert mark(Cell(1, 0, True, score=100.0), icpc=False) == "100"
    assert mark(None, icpc=False) == ""


def test_the_table_has_a_column_per_task_and_round_and_names_stay_inert() -> None:
    header, rows = board_table(_board())
    assert header == [
        "Rank",
        "Name",
        "Members",
        "Written W",
        "Written",
        "Lab A",
        "Lab B",
        "Lab",
        "Total",
        "Penalty",
    ]
    assert rows[0][3:] == ["40", 40, "+1", "-1 ?2", 50, 47, 50]
    assert rows[1] == [2, "Cat", "Cat", "", 0, "", "", 0, 0, 0]
    written = list(csv.reader(io.StringIO(csv_text(header, rows).lstrip("\ufeff"))))
    assert written[1][1].startswith("'=")  # made inert by the spreadsheet writer


def test_the_table_speaks_the_readers_language_and_says_who_passed() -> None:
    token = current_locale.set("zh_Hans")
    try:
        header, rows = board_table(_board(pass_score=60))
    finally:
        current_locale.reset(token)
    assert len(header) == len(rows[0]) == 11
    assert rows[0][-1] != ""


def test_json_holds_rounds_statistics_and_what_the_view_shows() -> None:
    data = json.loads(json.dumps(board_json(_board())))
    assert data["frozen"] is True and data["view"] == "public"
    a = data["rounds"][1]["tasks"][0]
    assert (a["label"], a["tried"], a["solved"], a["tries"], a["first"]) == ("A", 2, 1, 4, 7)
    cells = {c["label"]: c for c in data["lines"][0]["cells"]}
    assert cells["B"]["hidden"] is True and cells["B"]["pending"] == 2
    assert cells["A"]["first"] is True
    assert data["lines"][1]["cells"] == []
