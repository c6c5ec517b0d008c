"""Contest scoring as pure functions: one subject's cell on one task, a round's total, the
weighted total over rounds, a team's theory average, ranks and the resolver's reveal order.

Units. A :class:`Try` is one submission of the subject on the task, ``at_s`` seconds after the
subject's start, with its valid judging's ``score`` out of ``max_score`` (the judge's own
scale), or no verdict while it is being judged. ``subtasks`` are the submission's subtask
scores already expressed in the round task's *points* (see :func:`subtask_points`), so that an
IOI cell is a plain sum of maxima. A cell's ``score`` is always on the round task's points.

The rules:

- **ICPC** (:func:`icpc_cell`): a task is solved by its first accepted try; its penalty is the
  minutes (rounded down) from the subject's start to that try, plus ``penalty_min`` for each
  rejected try before it. Compile errors and judge errors count nothing (neither a try nor a
  penalty); tries after the first accepted one are ignored; a try not judged yet is pending.
- **IOI** (:func:`ioi_cell`): mode ``subtask`` sums, over the task's subtasks, each subtask's
  best over all the tries; mode ``submission`` takes the best single try.
- **Exam** (:func:`exam_cell`): mode ``best`` takes the best try, ``last`` the last judged one.
- A round's total (:func:`round_total`) is normalised to 0..100 of its maximum: an ICPC round
  contributes solved ÷ tasks × 100 and keeps its penalty for the tie-break; the contest's total
  (:func:`weighted`) weighs the rounds' normalised totals and scales to the contest's scale.
- **Ranks** (:func:`rank`): total descending, then ICPC penalty ascending, then the time of
  the last improvement ascending (who got there first); lines equal on all three share a rank,
  and the next rank skips (1, 1, 3).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

from ictarena.contests.models import ScoreMode, Scoring

ACCEPTED = "AC"
NOT_COUNTED = frozenset({"CE", "JE"})  # our compiler's or our judge's business, not a try
EPSILON = 1e-9


@dataclass(frozen=True, slots=True)
class Try:
    """One submission of a subject on a task, as scoring sees it."""

    at_s: int  # seconds from the subject's start
    verdict: str | None  # None: not judged yet
    score: float | None = None  # on max_score
    max_score: float | None = None
    subtasks: Mapping[str, float] | None = None  # subtask -> points on the round task's points
    before_freeze: bool = True  # made before the subject's freeze point (or no freeze)
    order: int = 0  # the submission's id: breaks ties in time


@dataclass(frozen=True, slots=True)
class CellScore:
    """A subject's standing on one task. ``tries`` are the judged tries that count (ICPC: up to
    and including the first accepted), ``pending`` those not judged yet."""

    tries: int = 0
    pending: int = 0
    solved: bool = False
    solved_s: int | None = None
    penalty: int = 0  # ICPC minutes
    score: float = 0.0  # on the round task's points
    score_s: int | None = None  # when ``score`` was first reached


EMPTY = CellScore()


def _ordered(tries: Iterable[Try]) -> list[Try]:
    return sorted(tries, key=lambda t: (t.at_s, t.order))


def _points(one: Try, points: float) -> float:
    """A try's score on the task's points (accepted with no score: full points)."""
    if one.score is None or not one.max_score:
        return points if one.verdict == ACCEPTED else 0.0
    return max(0.0, min(points, one.score / one.max_score * points))


def icpc_cell(tries: Iterable[Try], penalty_min: int) -> CellScore:
    """The ICPC cell: see the module's docstring. ``score`` is 1 when solved (one problem)."""
    rejected = pending = 0
    for one in _ordered(tries):
        if one.verdict is None:
            pending += 1
        elif one.verdict in NOT_COUNTED:
            continue
        elif one.verdict == ACCEPTED:
            penalty = one.at_s // 60 + rejected * penalty_min
            return CellScore(rejected + 1, pending, True, one.at_s, penalty, 1.0, one.at_s)
        else:
            rejected += 1
    return CellScore(rejected, pending)


def ioi_cell(tries: Iterable[Try], points: float, mode: ScoreMode) -> CellScore:
    """The IOI cell: per subtask the best over all tries (``subtask``), or the best try
    (``submission``). A try without subtask scores counts as one subtask worth the task."""
    judged = pending = 0
    best: dict[str, float] = {}
    total = 0.0
    score_s: int | None = None
    solved_s: int | None = None
    for one in _ordered(tries):
        if one.verdict is None:
            pending += 1
            continue
        if one.verdict in NOT_COUNTED:
            continue
        judged += 1
        if mode is ScoreMode.SUBMISSION or one.subtasks is None:
            parts = {"": _points(one, points)}
        else:
            parts = dict(one.subtasks)
        if mode is ScoreMode.SUBMISSION:
            now = parts[""]
        else:
            for name, value in parts.items():
                best[name] = max(best.get(name, 0.0), value)
            now = min(points, sum(best.values()))
        if now > total + EPSILON:
            total, score_s = now, one.at_s
        if solved_s is None and (one.verdict == ACCEPTED or total >= points - EPSILON):
            solved_s = one.at_s
    solved = solved_s is not None
    return CellScore(judged, pending, solved, solved_s, 0, round(total, 6), score_s)


def exam_cell(tries: Iterable[Try], points: float, mode: ScoreMode) -> CellScore:
    """The exam cell: the best try (``best``) or the last judged one (``last``)."""
    judged = pending = 0
    score = 0.0
    score_s: int | None = None
    for one in _ordered(tries):
        if one.verdict is None:
            pending += 1
            continue
        if one.verdict in NOT_COUNTED:
            continue
        judged += 1
        value = _points(one, points)
        if mode is ScoreMode.LAST:
            if judged == 1 or abs(value - score) > EPSILON:
                score, score_s = value, one.at_s
        elif value > score + EPSILON:
            score, score_s = value, one.at_s
    solved = judged > 0 and score >= points - EPSILON
    return CellScore(
        judged, pending, solved, score_s if solved else None, 0, round(score, 6), score_s
    )


def cell(
    scoring: Scoring, mode: ScoreMode, tries: Iterable[Try], points: float, penalty_min: int
) -> CellScore:
    """The cell by the round's rule."""
    if scoring is Scoring.ICPC:
        return icpc_cell(tries, penalty_min)
    if scoring is Scoring.IOI:
        return ioi_cell(tries, points, mode)
    return exam_cell(tries, points, mode)


def frozen(
    scoring: Scoring, mode: ScoreMode, tries: Sequence[Try], points: float, penalty_min: int
) -> tuple[CellScore, int]:
    """What others see while the board is frozen: the cell over the tries made before the
    freeze point, and how many tries came after it (the "N tries" of a pending cell; judged or
    not, since their verdict is what is hidden). An ICPC task solved before the freeze stays
    solved: later tries are not shown."""
    public = cell(scoring, mode, [t for t in tries if t.before_freeze], points, penalty_min)
    if scoring is Scoring.ICPC and public.solved:
        return public, 0
    return public, sum(1 for t in tries if not t.before_freeze)


def subtask_points(raw: Mapping[str, Any] | None, points: float) -> dict[str, float] | None:
    """A judge report's subtask scores on the round task's points, or None when the report has
    no subtasks. Subtasks are the scored groups (``counts`` and a ``max_score``) with no scored
    group below them (``secret/group1`` under ``secret``); a subtask worth ``m`` of the
    subtasks' ``M`` in all is worth ``points × m ÷ M`` in the round, and scores its share."""
    groups = [g for g in (raw or {}).get("groups", []) if isinstance(g, dict)]
    scored = [
        g
        for g in groups
        if g.get("counts", True) and isinstance(g.get("max_score"), int | float) and g.get("name")
    ]
    names = [str(g["name"]) for g in scored]
    leaves = [g for g in scored if not any(n.startswith(str(g["name"]) + "/") for n in names)]
    whole = sum(float(g["max_score"]) for g in leaves)
    if not leaves or whole <= 0:
        return None
    return {
        str(g["name"]): points * min(float(g.get("score") or 0.0), float(g["max_score"])) / whole
        for g in leaves
    }


@dataclass(frozen=True, slots=True)
class RoundTotal:
    """A subject's (or a team's) total in one round: ``raw`` (ICPC: solved; else points),
    ``normalised`` to 0..100 of the round's maximum, the ICPC ``penalty`` and ``last_s``, the
    time of the last improvement (the last tie-break)."""

    raw: float = 0.0
    normalised: float = 0.0
    penalty: int = 0
    last_s: int | None = None


def round_total(
    scoring: Scoring, cells: Iterable[CellScore], points_total: float, n_tasks: int
) -> RoundTotal:
    """A round's total from its cells (one per task the subject has a cell on)."""
    raw = 0.0
    penalty = 0
    last: int | None = None
    for one in cells:
        if scoring is Scoring.ICPC:
            if one.solved:
                raw += 1
                penalty += one.penalty
                last = max(last or 0, one.solved_s or 0)
        else:
            raw += one.score
            if one.score > EPSILON and one.score_s is not None:
                last = max(last or 0, one.score_s)
    if scoring is Scoring.ICPC:
        normalised = raw / n_tasks * 100 if n_tasks else 0.0
    else:
        normalised = raw / points_total * 100 if points_total > 0 else 0.0
    return RoundTotal(round(raw, 6), round(min(100.0, normalised), 6), penalty, last)


def team_theory(member_totals: Sequence[RoundTotal | None], excused: Sequence[bool]) -> RoundTotal:
    """A team's theory round: the average of its members' totals. A member who did not sit
    (``None``) counts 0, unless excused: then they are left out and the average is over the
    others. Nobody counted: 0. Penalties add up; the last improvement is the latest."""
    counted = [
        total if total is not None else RoundTotal()
        for total, away in zip(member_totals, excused, strict=True)
        if total is not None or not away
    ]
    if not counted:
        return RoundTotal()
    lasts = [t.last_s for t in counted if t.last_s is not None]
    return RoundTotal(
        round(sum(t.raw for t in counted) / len(counted), 6),
        round(sum(t.normalised for t in counted) / len(counted), 6),
        sum(t.penalty for t in counted),
        max(lasts) if lasts else None,
    )


def weighted(rounds: Sequence[tuple[float, float]], scale: float) -> float:
    """The contest's total on ``scale`` from (weight, normalised 0..100) per round. Weights are
    shares (usually percents adding to 100: "written 30 + lab 70"); they are divided by their
    sum, so that weights adding to anything else still give a total out of ``scale``."""
    weights = sum(max(0.0, w) for w, _n in rounds)
    if weights <= 0:
        return 0.0
    return round(scale * sum(max(0.0, w) * n for w, n in rounds) / (weights * 100), 6)


@dataclass(frozen=True, slots=True)
class Standing:
    """What a line is ranked by."""

    total: float
    penalty: int = 0
    last_s: int | None = None

    def key(self) -> tuple[float, int, float]:
        last = float("inf") if self.last_s is None else float(self.last_s)
        return (-round(self.total, 6), self.penalty, last)


def rank(lines: Sequence[Standing]) -> list[int]:
    """Each line's rank, in the lines' order: see the module's docstring. Lines with nothing
    scored have no last improvement and share the last rank."""
    keys = [line.key() for line in lines]
    ordered = sorted(keys)
    first: dict[tuple[float, int, float], int] = {}
    for position, key in enumerate(ordered, start=1):
        first.setdefault(key, position)
    return [first[key] for key in keys]


@dataclass(frozen=True, slots=True)
class PendingLine:
    """A line of the public board for the resolver: its position from the top and its frozen
    cells still hidden, in column order (any hashable key the caller understands)."""

    position: int
    pending: Sequence[Any]


def reveal_order(lines: Sequence[PendingLine]) -> tuple[int, Any] | None:
    """The next frozen cell to reveal, as the ICPC resolver does: the lowest line on the
    current board that still has a hidden cell, and its leftmost hidden cell. The caller
    re-ranks the board after each reveal (the line may climb) and asks again. None: done."""
    waiting = [line for line in lines if line.pending]
    if not waiting:
        return None
    bottom = max(waiting, key=lambda line: line.position)
    return bottom.position, bottom.pending[0]


def merge(live: CellScore, public: CellScore, public_pending: int, show_live: bool) -> CellScore:
    """The values a view shows: live, or the frozen ones with the hidden tries as pending."""
    return live if show_live else replace(public, pending=public.pending + public_pending)
