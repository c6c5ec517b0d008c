"""A submission's rows on PostgreSQL, written through the driver in one statement.

The intake is the busiest write of a contest. Through the ORM, storing a submission takes a
flush of two objects and an event's insert, and claiming its judge job one more statement;
each statement costs the web process more CPU in SQLAlchemy than PostgreSQL spends running it.
Here the submission, its judging and its ``judging.queued`` event are written by one statement
(a data-modifying ``WITH``), and the claim is the same statement as
:func:`ictarena.submissions.dispatch.claim_ready`'s, compiled once, both sent on the asyncpg
connection under the session's open transaction, so they commit or roll back with it.

The ORM path stays the reference and the embedded mode's (SQLite) path:
:func:`driver_connection` returns None there, and whenever the session has not yet opened its
transaction on the connection, and the callers then use the ORM. ``tests/arena/pipeline/
test_submission_rows.py`` holds the two paths to the same rows.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from ictarena import db
from ictarena.db import ASYNCPG, UTCDateTime

# $9 is the submission's time (a contest's stamp), $13 the time it was stored, its judging's
# and its event's. Every column is named: the models' defaults are Python's, not the database's.
_STORE = """
WITH submission AS (
    INSERT INTO submissions (user_id, task_id, language, files, size_bytes, participation_id,
                             round_id, entry_id, is_reference, created_at, ip)
    VALUES ($1, $2, $3, $4::json, $5, $6, $7, $8, false, $9, $10)
    RETURNING id
), judging AS (
    INSERT INTO judgings (submission_id, user_id, dataset_id, seq, valid, status, max_score,
                          attempts, queued_at)
    SELECT id, $1, $11, 0, true, 'queued', $12, 0, $13 FROM submission
    RETURNING id, submission_id
), event AS (
    INSERT INTO events (kind, subject, user_id, payload, created_at)
    SELECT 'judging.queued', 'submission:' || submission_id, $1,
           json_build_object('judging', id, 'status', 'queued'), $13
    FROM judging
)
SELECT submission.id, judging.id FROM submission, judging
"""

_AT = UTCDateTime()


def _naive(at: datetime) -> datetime | None:
    """A time as the columns hold it (naive UTC, :class:`ictarena.db.UTCDateTime`)."""
    return _AT.process_bind_param(at, ASYNCPG)


async def driver_connection(session: AsyncSession) -> Any | None:
    """The asyncpg connection under ``session``'s open transaction, or None
    (:func:`ictarena.db.driver_in_transaction`): the intake's paths ask here, so that a test
    can send them through the ORM."""
    return await db.driver_in_transaction(session)


async def store(
    driver: Any,
    submission: Mapping[str, Any],
    *,
    stored_at: datetime,
    dataset_id: int,
    max_score: float | None,
) -> tuple[int, int]:
    """Insert a submission (``submission`` holds its columns but the id and
    ``is_reference``), its queued judging on ``dataset_id`` and its ``judging.queued`` event;
    return the submission's and the judging's ids."""
    (row,) = await db.fetch(
        driver,
        _STORE,
        submission["user_id"],
        submission["task_id"],
        submission["language"],
        json.dumps(submission["files"]),
        submission["size_bytes"],
        submission["participation_id"],
        submission["round_id"],
        submission["entry_id"],
        _naive(submission["created_at"]),
        submission["ip"],
        dataset_id,
        max_score,
        _naive(stored_at),
    )
    return int(row[0]), int(row[1])


async def claim(
    driver: Any, statement: db.Compiled, user_id: int, cap: int, now: datetime
) -> list[int]:
    """Run the claim (:func:`ictarena.submissions.dispatch.claim_ready`'s statement)."""
    rows = await statement.fetch(driver, student=user_id, cap=cap, now=now)
    return [int(row[0]) for row in rows]
