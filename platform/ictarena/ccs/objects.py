"""The Contest API's objects, built from a :class:`~ictarena.ccs.snapshot.Snapshot` by pure
functions, each for one reader (``jury``: the live contest; else the public one, see
:mod:`.sight`). Identifiers: a contest is its slug, a problem ``<round id>-<task id>``, a team
its entry's id, an account ``p<participation>`` (a participant) or ``j<user>`` (the jury), an
organization ``c<cohort>``, a clarification its id (an answer ``<id>-r``)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from ictarena.ccs import sight
from ictarena.ccs.kinds import judgement_type_id, judgement_types, language_id, languages
from ictarena.ccs.snapshot import Judged, Problem, Snapshot
from ictarena.ccs.times import abstime, reltime
from ictarena.contests.awards import Award, awards
from ictarena.contests.board import Board, Line
from ictarena.contests.models import Audience, Reply, Scoring
from ictarena.submissions.models import JudgingStatus

Obj = dict[str, Any]
VERSION = "2023-06"
VERSION_URL = "https://ccs-specs.icpc.io/2023-06/contest_api"
STATEMENT_REPLY = "Answered in the statement: please read the task again."
PRIZES = {
    Award.FIRST: ("first-prize", "First prize"),
    Award.SECOND: ("second-prize", "Second prize"),
    Award.THIRD: ("third-prize", "Third prize"),
}


def api_information(version: str) -> Obj:
    return {
        "version": VERSION,
        "version_url": VERSION_URL,
        "provider": {"name": "ICT Arena", "version": version},
    }


def pass_fail(snap: Snapshot) -> bool:
    """Is it an ICPC contest (every round ICPC-scored)? Else its board is a score board."""
    return all(r.scoring is Scoring.ICPC for r in snap.rounds)


def contest_time(snap: Snapshot, at: datetime) -> str:
    return reltime(at - sight.start(snap))


def contest(snap: Snapshot) -> Obj:
    begin = sight.start(snap)
    finish = sight.scheduled_end(snap)
    found: Obj = {
        "id": snap.contest.slug,
        "name": snap.contest.title,
        "formal_name": snap.contest.title,
        "start_time": abstime(begin),
        "countdown_pause_time": None,
        "duration": reltime(finish - begin),
        "scoreboard_freeze_duration": None,
        "scoreboard_type": "pass-fail" if pass_fail(snap) else "score",
    }
    frozen = sight.freeze(snap)
    if frozen is not None and frozen < finish:
        found["scoreboard_freeze_duration"] = reltime(finish - frozen)
    if pass_fail(snap):
        found["penalty_time"] = snap.rounds[0].penalty_min
    return found


def state(snap: Snapshot, at: datetime | None = None) -> Obj:
    """The contest's state at ``at`` (default: the snapshot's now): each milestone's time
    once it has passed. Finalized (and no more updates) once it ended and, if it froze, was
    thawed."""
    now = snap.now if at is None else at

    def passed(moment: datetime | None) -> datetime | None:
        return moment if moment is not None and moment <= now else None

    started = passed(sight.start(snap))
    frozen = passed(sight.freeze(snap))
    ended = passed(sight.end(snap))
    thawed = passed(sight.thaw(snap))
    finalized = None
    if ended is not None and (sight.freeze(snap) is None or thawed is not None):
        finalized = max(ended, thawed) if thawed is not None else ended
    return {
        "started": _time(started),
        "frozen": _time(frozen),
        "ended": _time(ended),
        "thawed": _time(thawed),
        "finalized": _time(finalized),
        "end_of_updates": _time(finalized),
    }


def _time(at: datetime | None) -> str | None:
    return None if at is None else abstime(at)


def problem_id(problem: Problem) -> str:
    return f"{problem.round.id}-{problem.task_id}"


def problem(snap: Snapshot, found: Problem) -> Obj:
    item: Obj = {
        "id": problem_id(found),
        "label": found.label,
        "name": found.title,
        "ordinal": found.position,
        "test_data_count": found.tests,
    }
    if found.time_limit_s is not None:
        item["time_limit"] = round(found.time_limit_s, 3)
    if not pass_fail(snap):
        item["max_score"] = found.points
    return item


def problems(snap: Snapshot) -> list[Obj]:
    return [problem(snap, p) for p in snap.problems]


def _problem_of(snap: Snapshot, round_id: int | None, task_id: int | None) -> str | None:
    for p in snap.problems:
        if p.round.id == round_id and p.task_id == task_id:
            return problem_id(p)
    return None


def organizations(snap: Snapshot, jury: bool) -> list[Obj]:
    """The contest's cohorts. The jury reads them by name; the public only those whose coach
    gave a public name, under that name (a cohort's own name is the coach's business)."""
    found = []
    for cohort in snap.cohorts:
        name = cohort.name if jury else cohort.public_name
        if name:
            found.append({"id": f"c{cohort.id}", "name": name, "formal_name": name})
    return found


def teams(snap: Snapshot, jury: bool) -> list[Obj]:
    """Entries by their board name, with the cohort all their members share (the first, if
    several) as their organization when the reader is shown that cohort."""
    shown = frozenset(int(o["id"][1:]) for o in organizations(snap, jury))
    found = []
    for entry in snap.entries:
        item: Obj = {
            "id": str(entry.id),
            "name": entry.name,
            "label": str(entry.id),
            "display_name": entry.name,
            "hidden": False,
            "group_ids": [],
            "organization_id": None,
        }
        shared: frozenset[int] | None = None
        for m in snap.members:
            if m.participation.entry_id == entry.id:
                shared = m.cohort_ids if shared is None else shared & m.cohort_ids
        if shared:
            item["organization_id"] = f"c{min(shared & shown)}" if shared & shown else None
        found.append(item)
    return found


def accounts(snap: Snapshot) -> list[Obj]:
    """Jury only: the participants' accounts (type team) and the jury's."""
    found: list[Obj] = [
        {
            "id": f"p{m.participation.id}",
            "username": m.username,
            "name": m.display_name,
            "type": "team",
            "team_id": str(m.participation.entry_id),
        }
        for m in snap.members
    ]
    found += [
        {
            "id": f"j{j.user_id}",
            "username": j.username,
            "name": j.display_name,
            "type": "admin" if j.admin else "judge",
        }
        for j in snap.jury
    ]
    return found


def listed(snap: Snapshot) -> list[Judged]:
    """The contest submissions the board counts (made inside their subject's window)."""
    return [
        one
        for one in snap.submissions
        if sight.counts(snap, one)
        and _problem_of(snap, one.submission.round_id, one.submission.task_id) is not None
    ]


def files_href(snap: Snapshot, one: Judged) -> str:
    return f"contests/{snap.contest.slug}/submissions/{one.submission.id}/files"


def submission(snap: Snapshot, one: Judged, jury: bool) -> Obj:
    sub = one.submission
    files = []
    if jury:
        files = [
            {"href": files_href(snap, one), "filename": "files.zip", "mime": "application/zip"}
        ]
    return {
        "id": str(sub.id),
        "language_id": language_id(sub.language),
        "problem_id": _problem_of(snap, sub.round_id, sub.task_id),
        "team_id": str(sub.entry_id),
        "time": abstime(sub.created_at),
        "contest_time": contest_time(snap, sub.created_at),
        "entry_point": None,
        "files": files,
    }


def submissions(snap: Snapshot, jury: bool) -> list[Obj]:
    return [submission(snap, one, jury) for one in listed(snap)]


def judgement(snap: Snapshot, one: Judged) -> Obj | None:
    """The counting judging of a submission once a judge took it (None: still queued)."""
    judging = one.judging
    if judging is None:
        return None
    begun = judging.started_at or judging.finished_at
    if begun is None:
        return None
    item: Obj = {
        "id": str(judging.id),
        "submission_id": str(one.submission.id),
        "start_time": abstime(begun),
        "start_contest_time": contest_time(snap, begun),
    }
    finished = judging.finished_at
    if judging.status in (JudgingStatus.DONE, JudgingStatus.ERROR) and finished is not None:
        verdict = "JE" if judging.status is JudgingStatus.ERROR else judging.verdict
        item["judgement_type_id"] = judgement_type_id(verdict)
        item["end_time"] = abstime(finished)
        item["end_contest_time"] = contest_time(snap, finished)
        if not pass_fail(snap) and judging.score is not None and judging.max_score:
            points = next(
                (p.points for p in snap.problems if p.task_id == one.submission.task_id), 100.0
            )
            item["score"] = max(0.0, round(judging.score / judging.max_score * points, 6))
    return item


def judgements(snap: Snapshot, jury: bool) -> list[Obj]:
    found = []
    for one in listed(snap):
        if sight.judgement_seen_at(snap, one, jury) is None:
            continue
        item = judgement(snap, one)
        if item is not None:
            found.append(item)
    return found


def runs_of(snap: Snapshot, one: Judged) -> list[Obj]:
    judging = one.judging
    if judging is None or judging.status is not JudgingStatus.DONE or judging.finished_at is None:
        return []
    at = judging.finished_at
    return [
        {
            "id": str(run.id),
            "judgement_id": str(judging.id),
            "ordinal": index,
            "judgement_type_id": judgement_type_id(run.verdict),
            "time": abstime(at),
            "contest_time": contest_time(snap, at),
        }
        for index, run in enumerate(one.runs, start=1)
    ]


def runs(snap: Snapshot, jury: bool) -> list[Obj]:
    """The test-by-test outcomes: the jury's only (the site shows a submission's tests to its
    authors and their coaches, never to the public)."""
    if not jury:
        return []
    found = []
    for one in listed(snap):
        if sight.judgement_seen_at(snap, one, jury) is not None:
            found += runs_of(snap, one)
    return found


def clarifications(snap: Snapshot, jury: bool) -> list[Obj]:
    """Questions and answers as CCS messages. The jury reads every question (from its team)
    and answer (to the team, or to everyone); others read the announcements and the answers
    given to everyone, each with the question quoted and without who asked."""
    found: list[Obj] = []
    for item in snap.clarifications:
        problem = _problem_of(snap, item.round_id, item.task_id)
        asked = item.entry_id is not None
        if not asked:  # an announcement
            found.append(_message(snap, str(item.id), item.text, item.created_at, problem))
            continue
        answered = item.reply is not None and item.answered_at is not None
        if jury:
            question = _message(snap, str(item.id), item.text, item.created_at, problem)
            question["from_team_id"] = str(item.entry_id)
            found.append(question)
        if not answered:
            continue
        if not jury and item.audience is not Audience.EVERYONE:
            continue
        assert item.answered_at is not None
        text = STATEMENT_REPLY if item.reply is Reply.STATEMENT else item.answer or ""
        if jury:
            answer = _message(snap, f"{item.id}-r", text, item.answered_at, problem)
            answer["reply_to_id"] = str(item.id)
            if item.audience is Audience.ENTRY:
                answer["to_team_id"] = str(item.entry_id)
        else:
            quoted = "\n".join("> " + line for line in item.text.splitlines())
            answer = _message(
                snap, f"{item.id}-r", f"{quoted}\n\n{text}", item.answered_at, problem
            )
        found.append(answer)
    return found


def _message(snap: Snapshot, id_: str, text: str, at: datetime, problem: str | None) -> Obj:
    return {
        "id": id_,
        "from_team_id": None,
        "to_team_id": None,
        "reply_to_id": None,
        "problem_id": problem,
        "text": text,
        "time": abstime(at),
        "contest_time": contest_time(snap, at),
    }


def awards_of(snap: Snapshot, jury: bool) -> list[Obj]:
    """Once the contest has ended, from the reader's board: the winner, the prizes of the
    printable results (:mod:`ictarena.contests.awards`) and the first to solve each problem."""
    if sight.end(snap) > snap.now:
        return []
    board = snap.boards[sight.view(jury)]
    lines = list(board.lines)
    found: list[Obj] = []
    winners = [str(line.entry_id) for line in lines if line.rank == 1 and _scored(line)]
    found.append({"id": "winner", "citation": "Contest winner", "team_ids": winners})
    given = awards([line.rank for line in lines])
    for prize, (award_id, citation) in PRIZES.items():
        ids = [
            str(line.entry_id)
            for line, won in zip(lines, given, strict=True)
            if won is prize and _scored(line)
        ]
        found.append({"id": award_id, "citation": citation, "team_ids": ids})
    for info in board.rounds:
        for column in info.columns:
            problem = _problem_of(snap, column.round_id, column.task_id)
            if problem is None or column.first_entry_id is None:
                continue
            found.append(
                {
                    "id": f"first-to-solve-{problem}",
                    "citation": f"First to solve problem {column.label}",
                    "team_ids": [str(column.first_entry_id)],
                }
            )
    return found


# What each endpoint's objects may carry (the ``access`` endpoint): nested ones as
# ``score.num_solved``. The jury's extra properties are listed in JURY_PROPERTIES.
PROPERTIES: dict[str, tuple[str, ...]] = {
    "contest": (
        "id", "name", "formal_name", "start_time", "countdown_pause_time", "duration",
        "scoreboard_freeze_duration", "scoreboard_type", "penalty_time",
    ),
    "judgement-types": ("id", "name", "penalty", "solved"),
    "languages": ("id", "name", "entry_point_required", "entry_point_name", "extensions"),
    "problems": (
        "id", "label", "name", "ordinal", "test_data_count", "time_limit", "max_score",
    ),
    "groups": ("id", "name"),
    "organizations": ("id", "name", "formal_name"),
    "teams": ("id", "name", "label", "display_name", "hidden", "group_ids", "organization_id"),
    "state": ("started", "frozen", "ended", "thawed", "finalized", "end_of_updates"),
    "submissions": (
        "id", "language_id", "problem_id", "team_id", "time", "contest_time", "entry_point",
        "files",
    ),
    "judgements": (
        "id", "submission_id", "judgement_type_id", "score", "start_time",
        "start_contest_time", "end_time", "end_contest_time",
    ),
    "clarifications": (
        "id", "from_team_id", "to_team_id", "reply_to_id", "problem_id", "text", "time",
        "contest_time",
    ),
    "awards": ("id", "citation", "team_ids"),
    "scoreboard": (
        "time", "contest_time", "state", "rows", "rows.rank", "rows.team_id",
        "rows.score.num_solved", "rows.score.total_time", "rows.score.score",
        "rows.score.time", "rows.problems.problem_id", "rows.problems.num_judged",
        "rows.problems.num_pending", "rows.problems.solved", "rows.problems.score",
        "rows.problems.time",
    ),
    "event-feed": ("type", "id", "data", "token"),
}  # fmt: skip
JURY_PROPERTIES: dict[str, tuple[str, ...]] = {
    "accounts": ("id", "username", "name", "type", "team_id"),
    "runs": ("id", "judgement_id", "ordinal", "judgement_type_id", "time", "contest_time"),
}


def access(jury: bool) -> Obj:
    """What the reader may read: no capabilities (the API is read-only), and each endpoint
    with the properties its objects carry."""
    kinds = {**PROPERTIES, **(JURY_PROPERTIES if jury else {})}
    return {
        "capabilities": [],
        "endpoints": [{"type": kind, "properties": list(props)} for kind, props in kinds.items()],
    }


def _scored(line: Line) -> bool:
    return line.total > 0


def scoreboard(snap: Snapshot, jury: bool) -> Obj:
    board = snap.boards[sight.view(jury)]
    return {
        "time": abstime(snap.now),
        "contest_time": contest_time(snap, snap.now),
        "state": state(snap),
        "rows": [_row(snap, board, line) for line in board.lines],
    }


def _row(snap: Snapshot, board: Board, line: Line) -> Obj:
    icpc = pass_fail(snap)
    cells = []
    solved = 0
    for info in board.rounds:
        for column in info.columns:
            problem = _problem_of(snap, column.round_id, column.task_id)
            if problem is None:
                continue
            cell = line.cells.get((column.round_id, column.task_id))
            item: Obj = {
                "problem_id": problem,
                "num_judged": cell.tries if cell else 0,
                "num_pending": cell.pending if cell else 0,
            }
            if icpc:
                item["solved"] = bool(cell and cell.solved)
                if cell and cell.solved:
                    solved += 1
                    item["time"] = (cell.solved_s or 0) // 60
            else:
                item["score"] = round(cell.score, 6) if cell else 0.0
                if cell and cell.score > 0:
                    item["time"] = (cell.solved_s or line.last_s or 0) // 60
            cells.append(item)
    score: Obj
    if icpc:
        score = {"num_solved": solved, "total_time": line.penalty}
    else:
        score = {"score": round(line.total, 6)}
        if line.last_s is not None:
            score["time"] = line.last_s // 60
    return {"rank": line.rank, "team_id": str(line.entry_id), "score": score, "problems": cells}


__all__ = ["judgement_types", "languages"]
