"""Time limits by the package format's rules: inferring one, and telling whether a reference
solution's verdict is safe from the machine's speed.

Inference (problemtools, both versions of the format): the time limit is the smallest whole
multiple of ``time_resolution`` (1 s unless the 2025-09 ``limits`` say otherwise), at least one,
that is at least the slowest run bounding it from below × ``ac_to_time_limit`` (legacy
``time_multiplier``, 5 by default; 2025-09 default 2). Time-limit-exceeded solutions must time
out with the limit × ``time_limit_to_tle`` (legacy ``time_safety_margin``, 2 by default; 2025-09
default 1.5).

Verification judges each solution twice over, as problemtools does: with the limit (the *low*
limit) and with the limit × ``time_limit_to_tle`` (the *high* limit). A solution whose verdict
or score differs between the two is *sensitive to the time limit*: a machine a little faster or
slower than this one would judge it differently. It gets a warning, not a failure; one that
disagrees at the limit but agrees with the high limit is "OK with extra time".

The functions here are pure: they decide from measured results and run nothing.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

TIME_LIMIT_TO_TLE = 1.5
"""The package format's default margin (2025-09 ``time_limit_to_tle``)."""
MAX_TIME_S = 60.0
"""The longest time limit the judge allows."""


@dataclass(frozen=True)
class TimedRun:
    """One test of a judging: its name, verdict and CPU time."""

    test: str
    verdict: str
    time_s: float


@dataclass(frozen=True)
class TimeWindow:
    """A time limit and its margin: the low and the high limit of a verification."""

    limit_s: float
    margin: float = TIME_LIMIT_TO_TLE

    @property
    def low_s(self) -> float:
        """The limit itself: what every solution is judged against."""
        return self.limit_s

    @property
    def high_s(self) -> float:
        """The limit × ``time_limit_to_tle``: a time-limit-exceeded solution must still time
        out with it."""
        return min(MAX_TIME_S, round(self.limit_s * self.margin, 6))


@dataclass(frozen=True)
class Graded:
    """What a judging gave, as far as the time limit can change it."""

    verdict: str
    score: float | None = None


def timed_out(runs: Sequence[TimedRun]) -> bool:
    return any(r.verdict == "TLE" for r in runs)


def needs_low_run(window: TimeWindow, verdicts: Sequence[str], slowest_s: float) -> bool:
    """Whether a judging with the high limit may differ from one with the low limit: it timed
    out somewhere or a test ran longer than the low limit (``slowest_s``: CPU or wall clock,
    whichever is longer). When not, the two are the same judging and one run is enough (runs
    are deterministic, as the format assumes)."""
    return "TLE" in verdicts or slowest_s > window.low_s


def sensitivity(window: TimeWindow, low: Graded, high: Graded) -> str | None:
    """problemtools's warning when the low and the high limit judge a solution differently;
    None when they agree."""
    same_score = (
        low.score is None or high.score is None or math.isclose(low.score, high.score, abs_tol=1e-6)
    )
    if low.verdict == high.verdict and same_score:
        return None
    return (
        f"sensitive to the time limit: {_shown(low)} with {window.low_s:g} s, {_shown(high)} "
        f"with {window.high_s:g} s ({window.limit_s:g} × {window.margin:g})"
    )


def _shown(outcome: Graded) -> str:
    return outcome.verdict + (f" {outcome.score:g}" if outcome.score is not None else "")


def infer_limit(
    slowest_s: float, ac_to_time_limit: float, time_limit_to_tle: float, resolution: float = 1.0
) -> tuple[float, float]:
    """(time limit, the limit time-limit-exceeded solutions must still exceed), in seconds,
    from the slowest run that bounds the limit from below (capped at :data:`MAX_TIME_S`)."""
    exact = slowest_s * ac_to_time_limit
    steps = max(1, math.ceil(exact / resolution - 1e-9))
    limit = round(steps * resolution, 6)
    tle_at = round(limit * time_limit_to_tle, 6)
    return min(limit, MAX_TIME_S), min(tle_at, MAX_TIME_S)
