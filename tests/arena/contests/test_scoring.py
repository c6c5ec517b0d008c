"""Contest scoring, by worked examples: the arithmetic is in the comments."""

from __future__ import annotations

import pytest

from ictarena.contests.models import ScoreMode, Scoring
from ictarena.contests.scoring import (
    CellScore,
    PendingLine,
    RoundTotal,
    Standing,
    Try,
    cell,
    exam_cell,
    frozen,
    icpc_cell,
    ioi_cell,
    merge,
    rank,
    reveal_order,
    round_total,
    subtask_points,
    team_theory,
    weighted,
)


def at(minutes: int, seconds: int = 0) -> int:
    return minutes * 60 + seconds


# --- ICPC -------------------------------------------------------------------------------------


def test_icpc_penalty_is_minutes_to_the_first_accepted_plus_20_per_earlier_rejection() -> None:
    tries = [
        Try(at(12), "WA", order=1),
        Try(at(20), "CE", order=2),  # counts nothing
        Try(at(31), "TLE", order=3),
        Try(at(47, 59), "AC", order=4),  # 47 whole minutes
        Try(at(50), "WA", order=5),  # after the first accepted: ignored
    ]
    # 47 + 2 rejected × 20 = 87; tries = WA, TLE, AC = 3
    assert icpc_cell(tries, 20) == CellScore(3, 0, True, at(47, 59), 87, 1.0, at(47, 59))


def test_icpc_judge_errors_count_nothing_and_the_penalty_is_a_setting() -> None:
    tries = [Try(at(5), "JE", order=1), Try(at(6), "RE", order=2), Try(at(9), "AC", order=3)]
    # 9 + 1 × 10 = 19
    assert icpc_cell(tries, 10).penalty == 19
    assert icpc_cell(tries, 10).tries == 2


def test_icpc_unsolved_cell_counts_rejections_and_pending_tries() -> None:
    tries = [Try(at(1), "WA", order=1), Try(at(2), None, order=2), Try(at(3), "CE", order=3)]
    assert icpc_cell(tries, 20) == CellScore(tries=1, pending=1)


def test_icpc_order_breaks_ties_in_time() -> None:
    # Two submissions in the same second: the lower id came first, so the WA is before the AC.
    tries = [Try(at(10), "AC", order=8), Try(at(10), "WA", order=7)]
    assert icpc_cell(tries, 20).penalty == 30  # 10 + 20


# --- IOI --------------------------------------------------------------------------------------


def test_ioi_sums_each_subtasks_best_over_all_submissions() -> None:
    # Subtasks worth 20 + 30 + 50 on a 100-point task.
    tries = [
        Try(at(5), "PA", 20, 100, {"s1": 20, "s2": 0, "s3": 0}, order=1),
        Try(at(9), "PA", 50, 100, {"s1": 0, "s2": 30, "s3": 0}, order=2),
        Try(at(15), "PA", 50, 100, {"s1": 0, "s2": 0, "s3": 50}, order=3),
    ]
    # best per subtask: 20 + 30 + 50 = 100 although no single submission scored over 50
    got = ioi_cell(tries, 100, ScoreMode.SUBTASK)
    assert (got.score, got.score_s, got.solved, got.tries) == (100, at(15), True, 3)
    # the best single submission: max(20, 50, 50) = 50, first reached at minute 9
    single = ioi_cell(tries, 100, ScoreMode.SUBMISSION)
    assert (single.score, single.score_s, single.solved) == (50, at(9), False)


def test_ioi_without_subtasks_scales_the_score_to_the_tasks_points() -> None:
    tries = [Try(at(3), "PA", 40, 100, order=1), Try(at(4), "WA", 10, 100, order=2)]
    # 40 of 100 on a 250-point task = 100
    assert ioi_cell(tries, 250, ScoreMode.SUBTASK).score == 100
    assert ioi_cell([Try(at(1), None, order=1)], 250, ScoreMode.SUBTASK).pending == 1


def test_subtask_points_are_the_scored_leaf_groups_on_the_round_points() -> None:
    raw = {
        "groups": [
            {"name": "sample", "score": 0, "max_score": None, "counts": False},
            {"name": "secret/group1", "score": 20, "max_score": 20, "counts": True},
            {"name": "secret/group2", "score": 15, "max_score": 60, "counts": True},
            {"name": "secret", "score": 35, "max_score": 80, "counts": True},  # not a leaf
            {"name": "data", "score": 35, "max_score": None, "counts": True},
        ]
    }
    # subtasks 20 + 60 = 80 of the judge's points; the round gives the task 40:
    # group1 = 40 × 20/80 = 10, group2 = 40 × 15/80 = 7.5
    assert subtask_points(raw, 40) == {"secret/group1": 10.0, "secret/group2": 7.5}
    assert subtask_points({"groups": [{"name": "data", "max_score": None}]}, 40) is None
    assert subtask_points(None, 40) is None
    assert subtask_points({"groups": "nonsense"}, 40) is None


# --- exam -------------------------------------------------------------------------------------


def test_exam_best_or_last() -> None:
    tries = [
        Try(at(10), "PA", 700, 1000, order=1),
        Try(at(30), "PA", 550, 1000, order=2),
        Try(at(40), "CE", order=3),
    ]
    # on 1000 points: best = 700 at minute 10; last judged = 550 at minute 30
    assert exam_cell(tries, 1000, ScoreMode.BEST).score == 700
    assert exam_cell(tries, 1000, ScoreMode.LAST).score == 550
    assert exam_cell(tries, 1000, ScoreMode.LAST).score_s == at(30)
    assert exam_cell(tries, 1000, ScoreMode.BEST).tries == 2
    full = exam_cell([Try(at(2), "AC", 10, 10, order=1)], 5, ScoreMode.BEST)
    assert (full.score, full.solved, full.solved_s) == (5, True, at(2))


def test_cell_dispatches_on_the_rule() -> None:
    tries = [Try(at(1), "AC", 100, 100, order=1)]
    assert cell(Scoring.ICPC, ScoreMode.SUBTASK, tries, 50, 20).score == 1
    assert cell(Scoring.IOI, ScoreMode.SUBTASK, tries, 50, 20).score == 50
    assert cell(Scoring.EXAM, ScoreMode.BEST, tries, 50, 20).score == 50


# --- freeze -----------------------------------------------------------------------------------


def test_frozen_cell_hides_the_tries_after_the_freeze_point_as_pending() -> None:
    tries = [
        Try(at(100), "WA", order=1),
        Try(at(250), "WA", before_freeze=False, order=2),
        Try(at(280), "AC", before_freeze=False, order=3),
    ]
    public, hidden = frozen(Scoring.ICPC, ScoreMode.SUBTASK, tries, 1, 20)
    # the public sees one rejected try, and "2 tries" waiting
    assert (public.tries, public.solved, hidden) == (1, False, 2)
    assert merge(icpc_cell(tries, 20), public, hidden, show_live=False).pending == 2
    assert merge(icpc_cell(tries, 20), public, hidden, show_live=True).solved
    # solved before the freeze: later tries are not shown
    early = [Try(at(10), "AC", order=1), Try(at(250), "WA", before_freeze=False, order=2)]
    assert frozen(Scoring.ICPC, ScoreMode.SUBTASK, early, 1, 20)[1] == 0
    # IOI: every try after the freeze may still raise the score
    ioi = [Try(at(10), "AC", 100, 100, order=1), Try(at(250), "PA", before_freeze=False, order=2)]
    assert frozen(Scoring.IOI, ScoreMode.SUBTASK, ioi, 100, 20)[1] == 1


# --- totals -----------------------------------------------------------------------------------


def test_icpc_round_total_is_solved_over_tasks_with_the_penalty_kept() -> None:
    cells = [
        CellScore(2, 0, True, at(30), 50, 1, at(30)),
        CellScore(1, 0, True, at(70), 70, 1, at(70)),
        CellScore(4, 0, False),
    ]
    # 2 solved of 4 tasks = 50; penalty 50 + 70 = 120; last solved at minute 70
    assert round_total(Scoring.ICPC, cells, 400, 4) == RoundTotal(2, 50, 120, at(70))


def test_scored_round_total_is_normalised_to_its_maximum() -> None:
    cells = [CellScore(score=60, score_s=at(5)), CellScore(score=90, score_s=at(9))]
    # (60 + 90) / 200 × 100 = 75
    assert round_total(Scoring.IOI, cells, 200, 2) == RoundTotal(150, 75, 0, at(9))
    assert round_total(Scoring.IOI, [], 0, 0) == RoundTotal()


def test_written_30_plus_lab_70_is_one_weighted_total() -> None:
    # written 80 of 100 and lab 2 of 4 problems (50): 0.3 × 80 + 0.7 × 50 = 24 + 35 = 59
    assert weighted([(30, 80), (70, 50)], 100) == 59
    # on an exam's 1000: 590; weights that add to 10 are shares as well: 3:7 gives the same
    assert weighted([(30, 80), (70, 50)], 1000) == 590
    assert weighted([(3, 80), (7, 50)], 100) == 59
    assert weighted([], 100) == 0


def test_team_theory_average_counts_absent_members_as_zero_unless_excused() -> None:
    ann, bob = RoundTotal(80, 80, 0, 100), RoundTotal(60, 60, 0, 200)
    # three members, the third did not sit: (80 + 60 + 0) / 3 = 46.666667
    assert team_theory([ann, bob, None], [False, False, False]).normalised == pytest.approx(
        46.666667
    )
    # excused: (80 + 60) / 2 = 70
    assert team_theory([ann, bob, None], [False, False, True]) == RoundTotal(70, 70, 0, 200)
    # an excused member who sat anyway counts
    assert team_theory([ann, bob], [False, True]).normalised == 70
    assert team_theory([None], [True]) == RoundTotal()


# --- ranks ------------------------------------------------------------------------------------


def test_rank_by_total_then_penalty_then_who_got_there_first() -> None:
    lines = [
        Standing(59, 120, 4000),  # same total as the next, more penalty: 3rd
        Standing(59, 100, 5000),  # 1st with its twin
        Standing(59, 100, 5000),
        Standing(59, 100, 4000),  # earlier last improvement: really first
        Standing(0),
        Standing(0),
        Standing(70.5, 500, 9000),
    ]
    assert rank(lines) == [5, 3, 3, 2, 6, 6, 1]


# --- the resolver -----------------------------------------------------------------------------


def test_reveal_starts_from_the_bottom_line_and_its_leftmost_pending_cell() -> None:
    lines = [
        PendingLine(1, ["A"]),
        PendingLine(2, []),
        PendingLine(3, ["B", "D"]),
        PendingLine(4, []),
    ]
    assert reveal_order(lines) == (3, "B")
    assert reveal_order([PendingLine(1, []), PendingLine(2, [])]) is None
