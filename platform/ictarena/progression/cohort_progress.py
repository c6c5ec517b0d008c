"""A coach's progress table: the students of one of their cohorts × the modules of the path,
with each student's solved tasks, last activity and competency scores, in a fixed number of
queries whatever the size of the cohort."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from ictarena.accounts.directory import cohort_students, open_cohorts
from ictarena.accounts.models import Cohort, Role, User
from ictarena.catalog.models import Module
from ictarena.progression import path
from ictarena.submissions.history import last_submitted


@dataclass
class StudentRow:
    student: User
    statuses: dict[int, str]
    solved: int
    last: datetime | None
    competencies: dict[str, float]


@dataclass
class ProgressTable:
    cohort: Cohort | None
    cohorts: list[Cohort]
    modules: list[Module]
    rows: list[StudentRow] = field(default_factory=list)
    track: str | None = None
    catalogue: path.Catalogue | None = None


async def progress_table(
    session: AsyncSession, coach: User, wanted: str | None, track: str | None
) -> ProgressTable:
    """The table of the cohort whose id is ``wanted`` among ``coach``'s open cohorts (every
    open cohort for an admin), else of the first; modules of ``track`` only, if given."""
    cohorts = await open_cohorts(session, None if coach.role is Role.ADMIN else coach.id)
    if not cohorts:
        return ProgressTable(None, [], [], track=track)
    cohort = next((c for c in cohorts if str(c.id) == wanted), cohorts[0])
    students = await cohort_students(session, cohort.id)
    ids = [s.id for s in students]
    catalogue = await path.load_catalogue(session)
    standings = await path.standings(session, ids)
    last = await last_submitted(session, ids)
    rows = []
    for student in students:
        standing = standings[student.id]
        rows.append(
            StudentRow(
                student=student,
                statuses=path.module_statuses(catalogue, standing),
                solved=sum(1 for _f, ok in standing.results.values() if ok),
                last=last.get(student.id),
                competencies=path.competency_scores(catalogue, standing),
            )
        )
    track_ids = {t.id for t in catalogue.tracks if track is None or t.slug == track}
    modules = [m for m in catalogue.modules if catalogue.tiers[m.tier_id].track_id in track_ids]
    # Modules without visible tasks say nothing about anyone: leave them out.
    modules = [m for m in modules if catalogue.tasks_by_module.get(m.id)]
    return ProgressTable(cohort, cohorts, modules, rows, track, catalogue)
