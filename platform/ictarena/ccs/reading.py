"""Who reads which contest through the API, and the reads the routes make.

A reader sees the contests they may see on the site (:func:`ictarena.contests.listing.
standing`: anonymous visitors only those with open registration, a student those they take
part in or may enter, a coach or admin those they judge), competitions with at least one round.
The jury of a contest reads it whole; every other reader, the public view (:mod:`.sight`)."""

from __future__ import annotations

import io
import json
import zipfile
from dataclasses import dataclass
from datetime import datetime
from pathlib import PurePosixPath
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from ictarena.accounts.models import User
from ictarena.ccs import objects, snapshot
from ictarena.ccs.snapshot import Snapshot
from ictarena.contests.listing import Standing, standing
from ictarena.contests.models import Contest, ContestKind
from ictarena.errors import Forbidden, NotFound


@dataclass(frozen=True)
class Reading:
    contest: Contest
    jury: bool


async def _seen(session: AsyncSession, user: User | None, contest: Contest) -> Standing:
    if contest.kind is not ContestKind.COMPETITION:
        return Standing.NONE
    seen = await standing(session, user, contest)
    if seen is Standing.NONE or not await snapshot.has_rounds(session, contest.id):
        return Standing.NONE
    return seen


async def contest_for(session: AsyncSession, user: User | None, slug: str) -> Reading:
    """The contest ``slug`` as ``user`` (None: anonymous) reads it; NotFound when they may
    not see it (as on the site: a contest one may not see does not exist)."""
    if len(slug) > 64:
        raise NotFound("contest_not_found")
    contest = await session.scalar(select(Contest).where(Contest.slug == slug))
    if contest is None:
        raise NotFound("contest_not_found")
    seen = await _seen(session, user, contest)
    if seen is Standing.NONE:
        raise NotFound("contest_not_found")
    return Reading(contest, seen is Standing.JURY)


async def contests_for(session: AsyncSession, user: User | None) -> list[Reading]:
    """Every contest ``user`` may read, oldest first."""
    found = []
    for contest in await session.scalars(
        select(Contest).where(Contest.kind == ContestKind.COMPETITION).order_by(Contest.id)
    ):
        seen = await _seen(session, user, contest)
        if seen is not Standing.NONE:
            found.append(Reading(contest, seen is Standing.JURY))
    return found


async def read(session: AsyncSession, reading: Reading, now: datetime) -> Snapshot:
    return await snapshot.read(session, reading.contest, now, reading.jury)


async def contest_object(session: AsyncSession, reading: Reading, now: datetime) -> dict[str, Any]:
    """The contest object alone, read cheaply (it needs the rounds only)."""
    return objects.contest(await snapshot.head(session, reading.contest, now))


def jury_only(reading: Reading) -> None:
    """Accounts and source files are the jury's (403 for anyone else)."""
    if not reading.jury:
        raise Forbidden("forbidden_role")


def submission_zip(snap: Snapshot, submission_id: str) -> bytes:
    """A listed submission's files as a zip archive (NotFound: no such submission here)."""
    one = next((s for s in objects.listed(snap) if str(s.submission.id) == submission_id), None)
    if one is None:
        raise NotFound("submission_not_found")
    buffer = io.BytesIO()
    taken: set[str] = set()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in sorted(one.submission.files.items()):
            data = text if isinstance(text, str) else json.dumps(text, ensure_ascii=False)
            archive.writestr(
                zipfile.ZipInfo(_entry_name(str(name), taken), date_time=(1980, 1, 1, 0, 0, 0)),
                data.encode(),
            )
    return buffer.getvalue()


def _entry_name(name: str, taken: set[str]) -> str:
    """A file's name in the archive: its last part only (an archive extracted by a tool must
    not write outside its folder), made unique."""
    base = PurePosixPath(name.replace("\\", "/")).name.lstrip(".") or "file"
    found, number = base, 1
    while found in taken:
        number += 1
        found = f"{number}-{base}"
    taken.add(found)
    return found
