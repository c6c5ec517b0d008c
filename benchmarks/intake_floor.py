"""The intake's floor on this stack: the least CPU a submission can cost in a Starlette and
asyncpg web process doing the same durable work as ``POST /api/submissions``.

This is a measuring instrument, not a second intake. It serves one route, ``POST
/api/submissions``, for a logged-in coach (no locks, no rate limit: the pipeline benchmark's
path) and does what the platform does for it with nothing around it: no ORM, no middleware, no
logs, no metrics, no live pages:

1. the login session and its user by the cookie's token, and the CSRF header checked (one
   query);
2. the task with its live dataset (one query);
3. in one transaction (BEGIN, two statements, COMMIT): the submission, its judging and its
   ``judging.queued`` event (:func:`ictarena.submissions.rows.store`, the platform's own
   statement), then the claim of its judge job (the platform's own claim statement);
4. the job on the queue (the platform's one-round-trip script) and a notification for the live
   pages (a Redis ``PUBLISH``).

Connections are pooled without a check or a reset at checkout. ``pipeline_bench.py --floor``
serves it next to the platform's server, on the same database, and drives both with wrk: the
gap between the two is what the platform's own code costs; the floor is what this machine
allows any web process built on these fixed choices.

Run as ``python -m benchmarks.intake_floor`` with ``ARENA_DATABASE_URL``, ``ARENA_REDIS_URL``
and ``ARENA_PORT`` set; ``ARENA_FLOOR_SKIP_CLAIM=1`` (``pipeline_bench.py --floor-skip-claim``)
leaves out the claim, to measure its share.
"""

from __future__ import annotations

import asyncio
import hashlib
import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import asyncpg
import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse
from starlette.routing import Route

from ictarena.db import utcnow
from ictarena.events.notifier import CHANNEL
from ictarena.submissions import rows
from ictarena.submissions.dispatch import _CLAIM_COMPILED
from ictarena.workers.queue import ArqQueue
from ictjudge.wire import JUDGE_JOB, JudgeJob

LOGIN = """
SELECT s.csrf_token, s.expires_at, u.id, u.is_active
FROM login_sessions s JOIN users u ON u.id = s.user_id WHERE s.id = $1
"""
TASK = """
SELECT t.id, t.type, d.id, d.content_hash, d.max_score
FROM tasks t JOIN datasets d ON d.id = t.live_dataset_id WHERE t.id = $1
"""
CAP = 100  # the benchmark's ARENA_JUDGE_CAP_PER_USER


class Pool:
    """asyncpg connections handed out as they are: no check, no reset."""

    def __init__(self, url: str, size: int) -> None:
        self._url, self._size = url, size
        self._idle: asyncio.Queue[asyncpg.Connection] = asyncio.Queue()

    async def open(self) -> None:
        for _ in range(self._size):
            self._idle.put_nowait(await asyncpg.connect(self._url))

    async def close(self) -> None:
        while not self._idle.empty():
            await self._idle.get_nowait().close()

    @asynccontextmanager
    async def connection(self) -> AsyncIterator[asyncpg.Connection]:
        conn = await self._idle.get()
        try:
            yield conn
        finally:
            self._idle.put_nowait(conn)


def app(database_url: str, redis_url: str, skip_claim: bool = False) -> Starlette:
    """The floor's web app; ``skip_claim`` leaves the claim of the judge job out (and so the
    job's enqueueing), to measure what the claim statement costs."""
    pool = Pool(database_url.replace("postgresql+asyncpg", "postgresql"), size=10)
    outlets: dict[str, Any] = {}

    async def submit(request: Request) -> JSONResponse:
        token = request.cookies.get("arena_session", "")
        key = hashlib.sha256(token.encode()).hexdigest()
        body = await request.json()
        async with pool.connection() as conn:
            login = await conn.fetchrow(LOGIN, key)
            if login is None or not login[3] or login[1] <= utcnow().replace(tzinfo=None):
                return JSONResponse({"error": "login"}, status_code=401)
            if request.headers.get("x-csrf-token") != login[0]:
                return JSONResponse({"error": "csrf"}, status_code=403)
            task = await conn.fetchrow(TASK, int(body["task_id"]))
            files: dict[str, str] = body["files"]
            now = utcnow()
            columns = {
                "user_id": login[2],
                "task_id": task[0],
                "language": body["language"],
                "files": files,
                "size_bytes": sum(len(t.encode()) for t in files.values()),
                "participation_id": None,
                "round_id": None,
                "entry_id": None,
                "created_at": now,
                "ip": request.client.host if request.client else None,
            }
            async with conn.transaction():
                submission_id, judging_id = await rows.store(
                    conn, columns, stored_at=now, dataset_id=task[2], max_score=task[4]
                )
                claimed = (
                    []
                    if skip_claim
                    else await rows.claim(conn, _CLAIM_COMPILED, login[2], CAP, now)
                )
        if judging_id in claimed:
            job = JudgeJob(judging_id, 0, task[1], body["language"], files, task[3])
            await outlets["queue"].enqueue(JUDGE_JOB, job.job_id, **job.as_kwargs())
        await outlets["queue"].pool.publish(CHANNEL, b"floor")
        return JSONResponse(
            {"id": submission_id, "url": f"/submissions/{submission_id}"}, status_code=201
        )

    @asynccontextmanager
    async def lifespan(_app: Starlette) -> AsyncIterator[None]:
        await pool.open()
        outlets["queue"] = await ArqQueue.connect(redis_url)
        yield
        await outlets["queue"].close()
        await pool.close()

    async def healthz(_request: Request) -> PlainTextResponse:
        return PlainTextResponse("ok")

    routes = [Route("/api/submissions", submit, methods=["POST"]), Route("/healthz", healthz)]
    return Starlette(routes=routes, lifespan=lifespan)


def main() -> None:
    server = app(
        os.environ["ARENA_DATABASE_URL"],
        os.environ["ARENA_REDIS_URL"],
        skip_claim=os.environ.get("ARENA_FLOOR_SKIP_CLAIM") == "1",
    )
    port = int(os.environ["ARENA_PORT"])
    uvicorn.run(server, host="127.0.0.1", port=port, log_level="warning", access_log=False)


if __name__ == "__main__":
    main()
