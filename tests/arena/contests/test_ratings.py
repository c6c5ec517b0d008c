"""Ratings (pure): openskill's Plackett–Luce over contests' final standings. A fixed history of
contests gives fixed ratings, the same on every replay; a team's line rates each member; equal
ranks tie; a new student shows 1500."""

from __future__ import annotations

from ictarena.contests.ratings import BASE, PRIOR, Line, display, rate, replay

HISTORY = [
    [Line(1, (1,)), Line(2, (2,)), Line(2, (3,))],  # 1 wins; 2 and 3 tie
    [Line(1, (3, 4)), Line(2, (1, 2))],  # a team of 3 and 4 beats a team of 1 and 2
    [Line(2, (2,)), Line(1, (4,)), Line(3, (1,))],  # given out of order: sorted by rank
]


def shown(history: list[list[Line]]) -> list[list[tuple[int, int, int, int]]]:
    return [
        [(c.user_id, c.rank, display(*c.before), display(*c.after)) for c in changes]
        for changes in replay(history)
    ]


def test_a_fixed_history_gives_fixed_ratings_identical_on_replay() -> None:
    first = shown(HISTORY)
    assert first == [
        [(1, 1, 1500, 1630), (2, 2, 1500, 1476), (3, 2, 1500, 1476)],
        [(3, 1, 1476, 1574), (4, 1, 1500, 1606), (1, 2, 1630, 1564), (2, 2, 1476, 1412)],
        first[2],
    ]
    assert [(u, r) for u, r, _b, _a in first[2]] == [(4, 1), (2, 2), (1, 3)]
    winner, _middle, last = first[2]
    assert winner[3] > winner[2] and last[3] < last[2]
    assert shown(HISTORY) == first  # the replay is deterministic
    exact = replay(HISTORY)
    assert replay(HISTORY) == exact  # to the last digit of mu and sigma


def test_ties_members_and_edges() -> None:
    assert display(*PRIOR) == BASE
    tied = rate({}, [Line(1, (1,)), Line(1, (2,))])
    assert tied[0].after == tied[1].after  # equal ranks: equal changes
    assert rate({}, [Line(1, (1,))]) == []  # alone: nothing to learn
    assert rate({}, [Line(1, ()), Line(2, (5,))]) == []  # an empty line is left out
    team = rate({}, [Line(1, (7, 8)), Line(2, (9,))])
    assert {c.user_id for c in team} == {7, 8, 9}
    assert all(c.after[1] < c.before[1] for c in team)  # everyone's uncertainty shrinks
