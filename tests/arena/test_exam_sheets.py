"""The exam sheets' pure parts: a grader's report read into competency shares (a malformed or
missing breakdown gives none), and the group's share summed over graded sheets only."""

from __future__ import annotations

from ictarena.submissions.exam_sheets import Share, Sheet, SheetState, group_shares, shares


def sheet(state: SheetState, *parts: Share) -> Sheet:
    score = sum(p.score for p in parts) if state is SheetState.GRADED else None
    return Sheet(1, "Ann", "ann", state, None, None, None, score, parts)


def test_a_report_is_read_into_shares() -> None:
    report = {
        "breakdown": {
            "competency": [
                {"name": "protocols", "score": 60.0, "max_score": 80.0, "count": 4},
                {"name": "troubleshooting", "score": 0, "max_score": 0},
                {"name": "broken"},  # missing fields: left out
                "nonsense",
            ]
        }
    }
    assert shares(report) == (
        Share("protocols", 60.0, 80.0, 4),
        Share("troubleshooting", 0.0, 0.0, 0),
    )
    assert shares(report)[0].percent == 75.0 and shares(report)[1].percent == 0.0
    assert shares(None) == shares({}) == shares({"breakdown": []}) == ()
    assert shares({"breakdown": {"competency": "x"}}) == ()


def test_the_group_share_sums_graded_sheets_only() -> None:
    sheets = [
        sheet(SheetState.GRADED, Share("protocols", 60, 80, 4), Share("config", 10, 20, 1)),
        sheet(SheetState.GRADED, Share("config", 20, 20, 1), Share("protocols", 20, 80, 4)),
        sheet(SheetState.GRADING),
        sheet(SheetState.SITTING),
        sheet(SheetState.FAILED, Share("protocols", 80, 80, 4)),  # never counted
    ]
    assert group_shares(sheets) == [Share("protocols", 80, 160, 8), Share("config", 30, 40, 2)]
    assert group_shares([]) == []
