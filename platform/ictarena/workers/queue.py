"""The job queue's backends (:class:`~ictarena.submissions.queue.JobQueue`), and the queues.

* :class:`ArqQueue` — arq on Redis, for production (separate web and worker processes). Judge
  jobs go to ``arena:judge``; what judges report goes to ``arena:platform``.
* :class:`InProcessQueue` — an asyncio queue inside the web process, for embedded mode.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from arq.typing import WorkerCoroutine
    from arq.worker import Function

log = logging.getLogger(__name__)

JUDGE_QUEUE = "arena:judge"
PLATFORM_QUEUE = "arena:platform"
# arq polls Redis for new jobs; a short delay keeps queue-to-verdict latency low at the cost of
# a cheap ZRANGEBYSCORE every 20 ms per worker.
POLL_DELAY_S = 0.02

JobHandler = Callable[..., Awaitable[Any]]

# KEYS: the job's key, its result's key, the queue; ARGV: expiry (ms), the serialised job, the
# job id, its score (enqueue time, ms). 0 when the id is taken, as arq's own check answers.
_ENQUEUE_SCRIPT = """
if redis.call('EXISTS', KEYS[1], KEYS[2]) > 0 then return 0 end
redis.call('PSETEX', KEYS[1], ARGV[1], ARGV[2])
redis.call('ZADD', KEYS[3], ARGV[4], ARGV[3])
return 1
"""


@dataclass
class InProcessQueue:
    """Runs jobs on ``concurrency`` asyncio tasks inside this process."""

    handlers: dict[str, JobHandler] = field(default_factory=dict)
    concurrency: int = 1
    _queue: asyncio.Queue[tuple[str, str, dict[str, Any]] | None] = field(
        default_factory=asyncio.Queue
    )
    _known: set[str] = field(default_factory=set)
    _tasks: list[asyncio.Task[None]] = field(default_factory=list)
    done: int = 0

    def register(self, name: str, handler: JobHandler) -> None:
        self.handlers[name] = handler

    def start(self) -> None:
        if not self._tasks:
            self._tasks = [
                asyncio.create_task(self._work(), name=f"arena-job-{i}")
                for i in range(self.concurrency)
            ]

    async def enqueue(self, function: str, job_id: str, **kwargs: Any) -> bool:
        if function not in self.handlers:
            raise KeyError(f"no handler registered for job {function!r}")
        if job_id in self._known:
            return False
        self._known.add(job_id)
        await self._queue.put((function, job_id, kwargs))
        return True

    async def _work(self) -> None:
        while True:
            item = await self._queue.get()
            if item is None:  # shutdown: stop after the job in hand
                self._queue.task_done()
                return
            function, job_id, kwargs = item
            try:
                await self.handlers[function](**kwargs)
            except asyncio.CancelledError:
                raise
            except Exception:
                log.exception("job %s (%s) failed", job_id, function)
            finally:
                self._known.discard(job_id)
                self.done += 1
                self._queue.task_done()

    async def exists(self, job_id: str) -> bool:
        return job_id in self._known

    async def join(self) -> None:
        """Wait until every queued job has run (tests, shutdown)."""
        await self._queue.join()

    async def ping(self) -> None:
        for task in self._tasks:
            if task.done():
                raise RuntimeError("an in-process job runner has stopped")

    async def depth(self) -> int:
        return self._queue.qsize()

    async def close(self, grace_s: float = 30.0) -> None:
        """Let running jobs finish (up to ``grace_s``), then stop. Jobs still waiting are
        dropped: their judgings stay queued in the database and the sweeper re-enqueues them."""
        if not self._tasks:
            return
        while not self._queue.empty():
            self._queue.get_nowait()
            self._queue.task_done()
        for _ in self._tasks:
            self._queue.put_nowait(None)
        _done, pending = await asyncio.wait(self._tasks, timeout=grace_s)
        for task in pending:
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)
        self._tasks = []
        self._known.clear()


class ArqQueue:
    """Enqueues on Redis for arq workers (``arena worker``)."""

    def __init__(self, pool: Any, queue_name: str) -> None:
        self._pool = pool
        self.queue_name = queue_name
        self._enqueue_script: Any = None

    @property
    def pool(self) -> Any:
        """The arq pool, for jobs whose result the caller awaits (runs on a custom input)."""
        return self._pool

    @classmethod
    async def connect(cls, redis_url: str, queue_name: str = JUDGE_QUEUE) -> ArqQueue:
        from arq import create_pool
        from arq.connections import RedisSettings

        pool = await create_pool(RedisSettings.from_dsn(redis_url), default_queue_name=queue_name)
        return cls(pool, queue_name)

    async def enqueue(self, function: str, job_id: str, **kwargs: Any) -> bool:
        """What arq's ``enqueue_job`` does (no job while one with this id waits, runs or has a
        kept result; the job under ``arq:job:<id>``, its id in the queue's sorted set), in one
        round trip: a script runs the check and both writes atomically, where ``enqueue_job``
        takes three (WATCH, EXISTS, MULTI/EXEC)."""
        from arq.constants import job_key_prefix, result_key_prefix
        from arq.jobs import serialize_job
        from arq.utils import timestamp_ms

        if self._enqueue_script is None:
            self._enqueue_script = self._pool.register_script(_ENQUEUE_SCRIPT)
        now = timestamp_ms()
        job = serialize_job(function, (), kwargs, None, now, serializer=self._pool.job_serializer)
        keys = [job_key_prefix + job_id, result_key_prefix + job_id, self.queue_name]
        args = [self._pool.expires_extra_ms, job, job_id, now]
        return bool(await self._enqueue_script(keys=keys, args=args))

    async def exists(self, job_id: str) -> bool:
        from arq.constants import in_progress_key_prefix, job_key_prefix, result_key_prefix

        keys = [
            prefix + job_id
            for prefix in (job_key_prefix, in_progress_key_prefix, result_key_prefix)
        ]
        return bool(await self._pool.exists(*keys))

    async def ping(self) -> None:
        await self._pool.ping()

    async def depth(self) -> int:
        return int(await self._pool.zcard(self.queue_name))

    async def close(self) -> None:
        await self._pool.aclose()


def arq_function(function: WorkerCoroutine, name: str) -> Function:
    """``function`` as the arq job ``name`` (the names judge and platform workers agree on)."""
    from arq.worker import func

    return func(function, name=name)
