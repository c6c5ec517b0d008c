"""Contest tables.

A Contest (a mock competition, or a mock certification exam) is an ordered list of Rounds
(a theory round, a lab round…), each with its own window, scoring rule, weight and tasks. A
RoundTask pins the dataset the round judges with, so that re-importing a task mid-contest
changes nothing until an admin moves the contest to the new dataset.

Who takes part: an Entry is one line of the scoreboard, a team or one student alone; a
Participation is one student's place in one entry. Eligible students are those of the
contest's cohorts, those entered by name, or anyone when registration is open.

Timing is per round and per *subject*: a Sitting records when a subject started a round (a
personal-timer round) and whether a coach excused them from it. The subject of a round is the
entry when the round is shared by a team (lab, code and mixed rounds: ``member_id`` 0) and the
member when it is individual (theory rounds: ``member_id`` = the participation's id). Extra
minutes may be given to an entry (the whole team) and to a participation; both add up.
Milestones follow DOMjudge: start and end per round, a freeze ``freeze_min`` minutes before
each subject's end, and the unfreeze (``unfreeze_at``, or the jury's reveal).
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import Boolean, Float, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from ictarena.db import Base, EnumText, utcnow


class ContestKind(StrEnum):
    COMPETITION = "competition"  # rounds of tasks, ranked on a scoreboard
    EXAM = "exam"  # a mock certification exam: a drawn paper scored out of 1000, pass mark


class RoundKind(StrEnum):
    THEORY = "theory"  # individual, even for teams
    LAB = "lab"
    CODE = "code"
    MIXED = "mixed"


class Scoring(StrEnum):
    ICPC = "icpc"  # solved, then penalty minutes
    IOI = "ioi"  # per task: the sum over subtasks of the best score (or the best submission)
    EXAM = "exam"  # per task: the best (or the last) submission's score


class ScoreMode(StrEnum):
    """The variant of a round's scoring rule (ignored by ICPC)."""

    SUBTASK = "subtask"  # IOI: each subtask's best over all submissions
    SUBMISSION = "submission"  # IOI: the best single submission
    BEST = "best"  # exam: the best submission
    LAST = "last"  # exam: the last judged submission


class WindowType(StrEnum):
    FIXED = "fixed"  # everyone from starts_at to ends_at
    PERSONAL = "personal"  # duration_min from the subject's own start, started inside the window


class Contest(Base):
    __tablename__ = "contests"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(64), unique=True)
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="", doc="Markdown")
    kind: Mapped[ContestKind] = mapped_column(
        EnumText(ContestKind, 16), default=ContestKind.COMPETITION
    )
    track_id: Mapped[int | None] = mapped_column(
        ForeignKey("tracks.id", ondelete="SET NULL"), default=None, doc="None: mixed"
    )
    created_by: Mapped[int] = mapped_column(ForeignKey("users.id"))
    open_registration: Mapped[bool] = mapped_column(Boolean, default=False)
    team_size: Mapped[int] = mapped_column(Integer, default=3, doc="1: no teams")
    hidden_tasks: Mapped[bool] = mapped_column(
        Boolean, default=True, doc="its tasks stay out of practice until published"
    )
    published_at: Mapped[datetime | None] = mapped_column(
        default=None, doc="when its tasks were published to practice"
    )
    unfreeze_at: Mapped[datetime | None] = mapped_column(
        default=None, doc="the public board unfreezes then; None: when the jury reveals"
    )
    revealed_at: Mapped[datetime | None] = mapped_column(
        default=None, doc="when the jury finished revealing the frozen board"
    )
    scale: Mapped[float] = mapped_column(Float, default=100.0, doc="the total's maximum")
    pass_score: Mapped[float | None] = mapped_column(Float, default=None, doc="on ``scale``")
    board_version: Mapped[int] = mapped_column(Integer, default=0, doc="bumped on every change")
    rated: Mapped[bool] = mapped_column(
        Boolean, default=False, doc="its final standings change its participants' ratings"
    )
    ratings_at: Mapped[datetime | None] = mapped_column(
        default=None, doc="when the jury published its ratings (then it counts in the replay)"
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class ContestCohort(Base):
    """A cohort whose students are eligible."""

    __tablename__ = "contest_cohorts"

    contest_id: Mapped[int] = mapped_column(
        ForeignKey("contests.id", ondelete="CASCADE"), primary_key=True
    )
    cohort_id: Mapped[int] = mapped_column(
        ForeignKey("cohorts.id", ondelete="CASCADE"), primary_key=True
    )


class ContestJury(Base):
    """A coach named on the contest: with the admins, its jury (live board, reveal, edits)."""

    __tablename__ = "contest_jury"

    contest_id: Mapped[int] = mapped_column(
        ForeignKey("contests.id", ondelete="CASCADE"), primary_key=True
    )
    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True, index=True
    )


class Round(Base):
    __tablename__ = "rounds"
    __table_args__ = (UniqueConstraint("contest_id", "position"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    contest_id: Mapped[int] = mapped_column(
        ForeignKey("contests.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(String(120))
    kind: Mapped[RoundKind] = mapped_column(EnumText(RoundKind, 16), default=RoundKind.LAB)
    scoring: Mapped[Scoring] = mapped_column(EnumText(Scoring, 16), default=Scoring.IOI)
    mode: Mapped[ScoreMode] = mapped_column(EnumText(ScoreMode, 16), default=ScoreMode.SUBTASK)
    weight: Mapped[float] = mapped_column(Float, default=100.0, doc="percent of the total")
    window: Mapped[WindowType] = mapped_column(EnumText(WindowType, 16), default=WindowType.FIXED)
    starts_at: Mapped[datetime]
    ends_at: Mapped[datetime] = mapped_column(doc="personal: the last moment of any timer")
    duration_min: Mapped[int | None] = mapped_column(Integer, default=None, doc="personal only")
    freeze_min: Mapped[int | None] = mapped_column(
        Integer, default=None, doc="minutes before each subject's end; None: no freeze"
    )
    penalty_min: Mapped[int] = mapped_column(Integer, default=20, doc="ICPC, per rejected try")
    blueprint: Mapped[dict[str, Any] | None] = mapped_column(
        default=None, doc="exam rounds: how a paper is drawn (questions per competency/topic)"
    )

    @property
    def shared(self) -> bool:
        """Does a team share this round (one subject per entry)? Theory stays individual."""
        return self.kind is not RoundKind.THEORY


class RoundTask(Base):
    __tablename__ = "round_tasks"

    round_id: Mapped[int] = mapped_column(
        ForeignKey("rounds.id", ondelete="CASCADE"), primary_key=True
    )
    task_id: Mapped[int] = mapped_column(ForeignKey("tasks.id"), primary_key=True)
    dataset_id: Mapped[int] = mapped_column(
        ForeignKey("datasets.id"), doc="pinned: what this round judges with"
    )
    position: Mapped[int] = mapped_column(Integer, default=0)
    label: Mapped[str] = mapped_column(String(8), default="A")
    points: Mapped[float] = mapped_column(Float, default=100.0)


class Entry(Base):
    """One line of the scoreboard: a team, or a student taking part alone."""

    __tablename__ = "entries"

    id: Mapped[int] = mapped_column(primary_key=True)
    contest_id: Mapped[int] = mapped_column(
        ForeignKey("contests.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(String(120))
    team: Mapped[bool] = mapped_column(Boolean, default=False)
    invite_code: Mapped[str | None] = mapped_column(String(32), unique=True, default=None)
    extra_minutes: Mapped[int] = mapped_column(Integer, default=0, doc="for every member")
    created_by: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), default=None
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    excluded: Mapped[bool] = mapped_column(
        Boolean,
        default=False,
        doc="left out of every standings view, export and award by the jury (EntryExclusion)",
    )


class Participation(Base):
    """A student's place in a contest, in exactly one entry."""

    __tablename__ = "participations"
    __table_args__ = (UniqueConstraint("contest_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    contest_id: Mapped[int] = mapped_column(ForeignKey("contests.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    entry_id: Mapped[int] = mapped_column(ForeignKey("entries.id", ondelete="CASCADE"), index=True)
    extra_minutes: Mapped[int] = mapped_column(Integer, default=0)
    listed: Mapped[bool] = mapped_column(
        Boolean, default=False, doc="entered by name by the jury (the explicit list)"
    )
    registered_at: Mapped[datetime] = mapped_column(default=utcnow)


class Sitting(Base):
    """A subject's sitting of a round: when they started its personal timer, or that a coach
    excused them (a team's theory average is then over those who sat)."""

    __tablename__ = "sittings"

    round_id: Mapped[int] = mapped_column(
        ForeignKey("rounds.id", ondelete="CASCADE"), primary_key=True
    )
    entry_id: Mapped[int] = mapped_column(
        ForeignKey("entries.id", ondelete="CASCADE"), primary_key=True
    )
    member_id: Mapped[int] = mapped_column(
        Integer, primary_key=True, doc="0 in a shared round, else the participation's id"
    )
    started_at: Mapped[datetime | None] = mapped_column(default=None)
    started_by: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), default=None
    )
    excused: Mapped[bool] = mapped_column(Boolean, default=False)


class Paper(Base):
    """A participant's exam paper in an exam round: drawn by the round's blueprint from the
    question bank with a reproducible seed (question ids in order, options shuffled)."""

    __tablename__ = "papers"

    round_id: Mapped[int] = mapped_column(
        ForeignKey("rounds.id", ondelete="CASCADE"), primary_key=True
    )
    participation_id: Mapped[int] = mapped_column(
        ForeignKey("participations.id", ondelete="CASCADE"), primary_key=True
    )
    task_id: Mapped[int] = mapped_column(ForeignKey("tasks.id"))
    seed: Mapped[str] = mapped_column(String(64))
    questions: Mapped[list[Any]] = mapped_column(doc="the drawn question ids, in paper order")
    drawn_at: Mapped[datetime] = mapped_column(default=utcnow)


class ScoreCell(Base):
    """The scoreboard's cache: one subject's standing on one task of one round, kept up to date
    when a submission is stored and when its judging is recorded (and rebuilt from the
    submissions by a recomputation). ``live`` columns count everything; ``public`` columns
    count only submissions before the subject's freeze point, and ``public_pending`` the tries
    after it (the frozen board's "N tries"). ``revealed`` marks a frozen cell the jury has
    revealed one at a time."""

    __tablename__ = "score_cells"

    round_id: Mapped[int] = mapped_column(
        ForeignKey("rounds.id", ondelete="CASCADE"), primary_key=True
    )
    task_id: Mapped[int] = mapped_column(ForeignKey("tasks.id"), primary_key=True)
    entry_id: Mapped[int] = mapped_column(
        ForeignKey("entries.id", ondelete="CASCADE"), primary_key=True
    )
    member_id: Mapped[int] = mapped_column(Integer, primary_key=True, doc="as in Sitting")
    contest_id: Mapped[int] = mapped_column(
        ForeignKey("contests.id", ondelete="CASCADE"), index=True
    )
    tries: Mapped[int] = mapped_column(Integer, default=0, doc="judged, counted (no CE)")
    pending: Mapped[int] = mapped_column(Integer, default=0, doc="not judged yet")
    solved: Mapped[bool] = mapped_column(Boolean, default=False)
    solved_s: Mapped[int | None] = mapped_column(
        Integer, default=None, doc="seconds from the subject's start to the first accepted"
    )
    penalty: Mapped[int] = mapped_column(Integer, default=0, doc="ICPC minutes")
    score: Mapped[float] = mapped_column(Float, default=0.0, doc="on the task's points")
    score_s: Mapped[int | None] = mapped_column(
        Integer, default=None, doc="seconds from the subject's start to reaching ``score``"
    )
    public_tries: Mapped[int] = mapped_column(Integer, default=0)
    public_pending: Mapped[int] = mapped_column(Integer, default=0, doc="tries after freeze")
    public_solved: Mapped[bool] = mapped_column(Boolean, default=False)
    public_solved_s: Mapped[int | None] = mapped_column(Integer, default=None)
    public_penalty: Mapped[int] = mapped_column(Integer, default=0)
    public_score: Mapped[float] = mapped_column(Float, default=0.0)
    public_score_s: Mapped[int | None] = mapped_column(Integer, default=None)
    first: Mapped[bool] = mapped_column(Boolean, default=False, doc="first to solve it")
    revealed: Mapped[bool] = mapped_column(Boolean, default=False)
    version: Mapped[int] = mapped_column(
        Integer, default=0, doc="the contest's board_version that last changed it"
    )
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class VirtualRun(Base):
    """A student's virtual participation in an ended contest: its rounds replayed on their own
    clock from ``started_at``, each at its original offset from the contest's first start and
    for its own duration (see :mod:`ictarena.contests.virtual`). It is not an entry: no
    official board, export, award or rating reads it."""

    __tablename__ = "virtual_runs"
    __table_args__ = (UniqueConstraint("contest_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    contest_id: Mapped[int] = mapped_column(
        ForeignKey("contests.id", ondelete="CASCADE"), index=True
    )
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    started_at: Mapped[datetime] = mapped_column(doc="the replay's time zero")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class ContestPractice(Base):
    """A submission to a contest's task outside the official contest: in a virtual run
    (``run_id``) or upsolving after the end (no run). Its submission carries no entry, round or
    participation, so no score cell reads it; nor do the practice points."""

    __tablename__ = "contest_practice"

    submission_id: Mapped[int] = mapped_column(
        ForeignKey("submissions.id", ondelete="CASCADE"), primary_key=True
    )
    contest_id: Mapped[int] = mapped_column(
        ForeignKey("contests.id", ondelete="CASCADE"), index=True
    )
    round_id: Mapped[int] = mapped_column(ForeignKey("rounds.id", ondelete="CASCADE"))
    run_id: Mapped[int | None] = mapped_column(
        ForeignKey("virtual_runs.id", ondelete="CASCADE"), default=None, index=True
    )


Index("ix_sittings_entry", Sitting.entry_id)
Index("ix_score_cells_contest_version", ScoreCell.contest_id, ScoreCell.version)


class Audience(StrEnum):
    ENTRY = "entry"  # the asking entry (a team's members) and the jury
    EVERYONE = "everyone"  # whoever may see the contest


class Reply(StrEnum):
    TEXT = "text"  # the jury's own words
    STATEMENT = "statement"  # "answered in the statement": read the task again


class Clarification(Base):
    """A question to the jury during a contest (``entry_id``: the asking entry) or the jury's
    announcement (no entry, to everyone, maybe pinned on the contest page). ``round_id`` and
    ``task_id`` name the task asked about, or neither for a general question. Answered when
    ``reply`` is set; the answer reaches ``audience``."""

    __tablename__ = "clarifications"

    id: Mapped[int] = mapped_column(primary_key=True)
    contest_id: Mapped[int] = mapped_column(
        ForeignKey("contests.id", ondelete="CASCADE"), index=True
    )
    entry_id: Mapped[int | None] = mapped_column(
        ForeignKey("entries.id", ondelete="CASCADE"), default=None
    )
    author_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), default=None
    )
    round_id: Mapped[int | None] = mapped_column(
        ForeignKey("rounds.id", ondelete="SET NULL"), default=None
    )
    task_id: Mapped[int | None] = mapped_column(
        ForeignKey("tasks.id", ondelete="SET NULL"), default=None
    )
    text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    audience: Mapped[Audience] = mapped_column(EnumText(Audience), default=Audience.ENTRY)
    pinned: Mapped[bool] = mapped_column(Boolean, default=False)
    reply: Mapped[Reply | None] = mapped_column(EnumText(Reply), default=None)
    answer: Mapped[str | None] = mapped_column(Text, default=None)
    answered_by: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), default=None
    )
    answered_at: Mapped[datetime | None] = mapped_column(default=None)
    # When it last changed for its readers (asked, answered, announced): unread after their
    # last visit (``clarification_reads``).
    changed_at: Mapped[datetime] = mapped_column(default=utcnow)


class ClarificationRead(Base):
    """When a user last read a contest's clarifications (what changed after is unread)."""

    __tablename__ = "clarification_reads"

    contest_id: Mapped[int] = mapped_column(
        ForeignKey("contests.id", ondelete="CASCADE"), primary_key=True
    )
    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    seen_at: Mapped[datetime] = mapped_column(default=utcnow)


class RatingChange(Base):
    """A student's rating before and after one rated contest (openskill's Plackett–Luce
    ``mu`` and ``sigma``; see :mod:`ictarena.contests.ratings`). Derived data: the whole
    table is replayed from the rated contests' final standings
    (:func:`ictarena.contests.rating_history.recompute`)."""

    __tablename__ = "rating_changes"

    contest_id: Mapped[int] = mapped_column(
        ForeignKey("contests.id", ondelete="CASCADE"), primary_key=True
    )
    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    sequence: Mapped[int] = mapped_column(Integer, doc="the contest's place in the replay")
    rank: Mapped[int] = mapped_column(Integer, doc="their line's rank in the final standings")
    mu_before: Mapped[float] = mapped_column(Float)
    sigma_before: Mapped[float] = mapped_column(Float)
    mu_after: Mapped[float] = mapped_column(Float)
    sigma_after: Mapped[float] = mapped_column(Float)


class PairState(StrEnum):
    OPEN = "open"  # not reviewed yet
    CLEARED = "cleared"  # the jury found nothing wrong
    FLAGGED = "flagged"  # the jury thinks one copied from the other


class PlagiarismReport(Base):
    """When a round task's plagiarism report was last computed, and from which submissions:
    the stored pairs stand until another submission is compared, and then only the pairs of
    the entries whose submission changed are compared again."""

    __tablename__ = "plagiarism_reports"

    round_id: Mapped[int] = mapped_column(
        ForeignKey("rounds.id", ondelete="CASCADE"), primary_key=True
    )
    task_id: Mapped[int] = mapped_column(ForeignKey("tasks.id"), primary_key=True)
    contest_id: Mapped[int] = mapped_column(
        ForeignKey("contests.id", ondelete="CASCADE"), index=True
    )
    basis: Mapped[str] = mapped_column(String(64), doc="a digest of the method and template")
    signature: Mapped[str] = mapped_column(String(64), doc="the basis and the submissions")
    compared: Mapped[int] = mapped_column(Integer, default=0, doc="submissions compared")
    submissions: Mapped[dict[str, Any]] = mapped_column(
        default=dict, doc="entry id -> the id of its submission compared"
    )
    computed_at: Mapped[datetime] = mapped_column(default=utcnow)


class PlagiarismPair(Base):
    """Two entries' compared submissions on one round task, as similar as ``similarity``
    (0..1), and the jury's review of the pair. One row per pair of entries: a newer
    submission replaces the compared ones and reopens a cleared pair (a flag stays)."""

    __tablename__ = "plagiarism_pairs"
    __table_args__ = (UniqueConstraint("round_id", "task_id", "entry_a", "entry_b"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    contest_id: Mapped[int] = mapped_column(
        ForeignKey("contests.id", ondelete="CASCADE"), index=True
    )
    round_id: Mapped[int] = mapped_column(ForeignKey("rounds.id", ondelete="CASCADE"))
    task_id: Mapped[int] = mapped_column(ForeignKey("tasks.id"))
    entry_a: Mapped[int] = mapped_column(ForeignKey("entries.id", ondelete="CASCADE"))
    entry_b: Mapped[int] = mapped_column(ForeignKey("entries.id", ondelete="CASCADE"))
    submission_a: Mapped[int] = mapped_column(ForeignKey("submissions.id", ondelete="CASCADE"))
    submission_b: Mapped[int] = mapped_column(ForeignKey("submissions.id", ondelete="CASCADE"))
    similarity: Mapped[float] = mapped_column(Float)
    state: Mapped[PairState] = mapped_column(EnumText(PairState, 16), default=PairState.OPEN)
    note: Mapped[str] = mapped_column(Text, default="")
    reviewed_by: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), default=None
    )
    reviewed_at: Mapped[datetime | None] = mapped_column(default=None)


class EntryExclusion(Base):
    """The log of the jury's exclusions of an entry from the standings (``excluded``) and of
    its re-inclusions (not ``excluded``): who, when and why."""

    __tablename__ = "entry_exclusions"

    id: Mapped[int] = mapped_column(primary_key=True)
    contest_id: Mapped[int] = mapped_column(
        ForeignKey("contests.id", ondelete="CASCADE"), index=True
    )
    entry_id: Mapped[int] = mapped_column(ForeignKey("entries.id", ondelete="CASCADE"))
    excluded: Mapped[bool] = mapped_column(Boolean)
    reason: Mapped[str] = mapped_column(Text, default="")
    done_by: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), default=None
    )
    done_at: Mapped[datetime] = mapped_column(default=utcnow)
