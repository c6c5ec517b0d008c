"""Award lines (pure): the top tenth of the lines first prizes, the next fifth second, the
next three tenths third, rounded up; equal ranks share an award."""

from __future__ import annotations

from ictarena.contests.awards import Award, awards

F, S, T, N = Award.FIRST, Award.SECOND, Award.THIRD, Award.NONE


def test_ten_lines() -> None:
    assert awards(list(range(1, 11))) == [F, S, S, T, T, T, N, N, N, N]


def test_ties_share_an_award_even_past_the_share() -> None:
    assert awards([1, 1, 1, 4, 5, 6, 7, 8, 9, 10]) == [F, F, F, T, T, T, N, N, N, N]
    assert awards([1, 2, 2, 2, 5, 6, 7, 8, 9, 10]) == [F, S, S, S, T, T, N, N, N, N]


def test_small_and_empty_boards() -> None:
    assert awards([]) == []
    assert awards([1]) == [F]
    assert awards([1, 2]) == [F, T]  # the first and second bands end at line 1, the third at 2
