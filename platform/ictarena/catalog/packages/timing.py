"""Time-limit margins: is a reference solution's verdict safe from the machine's speed?

The package format's tools (Kattis problemtools, ``verifyproblem``) judge every submission
twice over: with the time limit divided by a safety margin and multiplied by it (legacy
``time_safety_margin``, 2025-09 ``time_multipliers.time_limit_to_tle``, 1.5 by default). A
submission whose verdict differs between the two is *sensitive to the time limit*: a machine a
little faster or slower than this one would judge it differently. So an accepted solution must
run every test in under ``limit / margin``, and a time-limit-exceeded one must still time out
with ``limit × margin``.

:func:`sensitivity` decides it from measured runs, without running anything itself.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

TIME_LIMIT_TO_TLE = 1.5
"""The package format's default margin (2025-09 ``time_limit_to_tle``)."""


@dataclass(frozen=True)
class TimedRun:
    """One test of a judging: its name, verdict and CPU time."""

    test: str
    verdict: str
    time_s: float


@dataclass(frozen=True)
class TimeWindow:
    """The limit and the margin around it within which a verdict is not trusted."""

    limit_s: float
    margin: float = TIME_LIMIT_TO_TLE

    @property
    def low_s(self) -> float:
        """An accepted solution must run every test within this."""
        return self.limit_s / self.margin

    @property
    def high_s(self) -> float:
        """A time-limit-exceeded solution must still time out with this limit."""
        return self.limit_s * self.margin


def timed_out(runs: Sequence[TimedRun]) -> bool:
    return any(r.verdict == "TLE" for r in runs)


def sensitivity(
    window: TimeWindow,
    at_limit: Sequence[TimedRun],
    at_high: Sequence[TimedRun] | None = None,
) -> str | None:
    """Why the verdict of a judging would change between ``window.low_s`` and
    ``window.high_s``, or None when it would not (or cannot be known).

    ``at_limit`` are its runs with the time limit; ``at_high`` its runs again with the limit
    raised to ``window.high_s``, needed only when it timed out at the limit. A judging that does
    not time out is sensitive when a test takes longer than ``low_s`` (with that limit it would
    time out); one that times out is sensitive when, with ``high_s``, no test times out any more.
    """
    if not timed_out(at_limit):
        slow = [r for r in at_limit if r.time_s > window.low_s]
        if not slow:
            return None
        worst = max(slow, key=lambda r: r.time_s)
        return (
            f"sensitive to the time limit: test {worst.test} takes {worst.time_s:.3f} s, more "
            f"than the limit / {window.margin:g} ({window.low_s:.3f} s); a slower machine may "
            "time it out"
        )
    if at_high is None or timed_out(at_high):
        return None
    last = max(at_high, key=lambda r: r.time_s, default=None)
    slowest = f" (slowest: test {last.test}, {last.time_s:.3f} s)" if last is not None else ""
    return (
        f"sensitive to the time limit: it times out at {window.limit_s:g} s but not at "
        f"{window.limit_s:g} × {window.margin:g} = {window.high_s:g} s{slowest}; a faster "
        "machine may accept it"
    )
