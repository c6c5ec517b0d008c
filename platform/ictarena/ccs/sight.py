"""What a reader may see of a contest through the API, decided once.

The **jury** (admins, the contest's creator, the coaches named on it) sees the live contest.
Everyone else sees what the public board shows: every submission (that it was made, when, on
which problem, by which team), but the judgement of one made after its subject's freeze point
only once the board is unfrozen (the jury revealed it, or ``unfreeze_at`` came); no runs (the
outcomes test by test), no source files, no accounts, no member names, cohorts only under the
public name their coach gave; the scoreboard and the awards are the public board's. The
contest's times (start, freeze, end, thaw) are the same for everyone."""

from __future__ import annotations

from datetime import datetime, timedelta

from ictarena.ccs.snapshot import Judged, Snapshot
from ictarena.contests.models import Round, WindowType
from ictarena.contests.standings import View
from ictarena.contests.windows import Window, board_unfrozen, extra_minutes, subject_window


def start(snap: Snapshot) -> datetime:
    """The contest's start: its first round's."""
    return min(r.starts_at for r in snap.rounds)


def scheduled_end(snap: Snapshot) -> datetime:
    """Its last round's end, without anyone's extra time (the contest's duration)."""
    return max(r.ends_at for r in snap.rounds)


def end(snap: Snapshot) -> datetime:
    """When the last subject's time ends: the last round's end plus the largest extra time."""
    return scheduled_end(snap) + timedelta(minutes=snap.max_extra_min)


def freeze(snap: Snapshot) -> datetime | None:
    """The earliest moment a subject can be past their freeze point (as
    :func:`ictarena.contests.standings.is_frozen` reads it); None: no round freezes."""
    points = []
    for r in snap.rounds:
        if r.freeze_min is None:
            continue
        finish = r.ends_at
        if r.window is WindowType.PERSONAL:
            finish = min(finish, r.starts_at + timedelta(minutes=r.duration_min or 0))
        points.append(finish - timedelta(minutes=r.freeze_min))
    return min(points, default=None)


def thaw(snap: Snapshot) -> datetime | None:
    """When the public board was unfrozen (None: not yet, or it never froze)."""
    if freeze(snap) is None or not unfrozen(snap):
        return None
    contest = snap.contest
    moments = [m for m in (contest.revealed_at, contest.unfreeze_at) if m is not None]
    moments = [m for m in moments if m <= snap.now]
    return min(moments, default=None)


def unfrozen(snap: Snapshot) -> bool:
    return board_unfrozen(snap.contest, snap.rounds, snap.now)


def view(jury: bool) -> View:
    return View.JURY if jury else View.PUBLIC


def window(snap: Snapshot, one: Judged) -> Window | None:
    """The window of the subject who made a submission (None: not a contest submission)."""
    sub = one.submission
    rnd: Round | None = snap.round_by_id.get(sub.round_id or 0)
    entry = snap.entry_by_id.get(sub.entry_id or 0)
    if rnd is None or entry is None:
        return None
    member = snap.place_by_id.get(sub.participation_id or 0)
    member_id = 0 if rnd.shared or member is None else member.id
    started = snap.sittings.get((rnd.id, entry.id, member_id))
    return subject_window(rnd, started, extra_minutes(rnd, entry, member))


def counts(snap: Snapshot, one: Judged) -> bool:
    """Is it a submission the board counts (made inside its subject's window)?"""
    found = window(snap, one)
    return found is not None and found.counts(one.submission.created_at)


def judgement_shown(snap: Snapshot, one: Judged, jury: bool) -> bool:
    """May the reader see this submission's judgement? The jury always; others when it was
    made before its subject's freeze point, or once the board is unfrozen."""
    if jury or unfrozen(snap):
        return True
    found = window(snap, one)
    return found is not None and found.before_freeze(one.submission.created_at)


def judgement_seen_at(snap: Snapshot, one: Judged, jury: bool) -> datetime | None:
    """When the reader's feed learns the judgement: when it was judged, or for a frozen one
    the thaw (None: not shown)."""
    judging = one.judging
    if judging is None or not judgement_shown(snap, one, jury):
        return None
    at = judging.finished_at or judging.started_at
    if at is None:
        return None
    if not jury:
        found = window(snap, one)
        if found is not None and not found.before_freeze(one.submission.created_at):
            thawed = thaw(snap)
            if thawed is not None and thawed > at:
                at = thawed
    return at
