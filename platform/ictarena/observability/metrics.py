"""The Prometheus metrics every process may expose, in the process's default registry.

Each process (web, platform worker, judge worker) serves its own ``/metrics``; a metric is
present wherever its event happens: HTTP latency and open streams on web processes, judging on
judge workers (and on the web process in embedded mode), verdicts where they are recorded
(platform workers, or the embedded web process). Queue depth and worker heartbeats are read
from Redis (or memory) when sampled, so every process shows the same fleet-wide view.
"""

from __future__ import annotations

import hmac

from prometheus_client import CONTENT_TYPE_LATEST, Counter, Gauge, Histogram, generate_latest

# Page latencies: most pages answer in milliseconds; the slow tail matters.
HTTP_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.2, 0.5, 1.0, 2.5, 5.0, 10.0)
# Judging: from a fraction of a second (SQL, quizzes) to many minutes under load.
JUDGING_BUCKETS = (0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0, 120.0, 300.0, 600.0, 1800.0)

HTTP_LATENCY = Histogram(
    "arena_http_request_duration_seconds",
    "Time from a request's arrival to its response's start, by method, route template, status",
    ["method", "route", "status"],
    buckets=HTTP_BUCKETS,
)
QUEUE_DEPTH = Gauge("arena_queue_depth", "Jobs waiting in a queue (judge, platform)", ["queue"])
QUEUE_TO_VERDICT = Histogram(
    "arena_queue_to_verdict_seconds",
    "Time from a judging's creation (the submission) to its recorded verdict, by task type",
    ["task_type"],
    buckets=JUDGING_BUCKETS,
)
VERDICTS = Counter(
    "arena_verdicts", "Verdicts recorded, by task type and verdict", ["task_type", "verdict"]
)
JUDGE_CONTAINER = Histogram(
    "arena_judge_container_seconds",
    "Wall time a judge spent grading one attempt in its sandbox containers, by task type",
    ["task_type"],
    buckets=JUDGING_BUCKETS,
)
JUDGINGS_QUEUED = Gauge(
    "arena_judgings_queued",
    "Judgings waiting for a judge: in the judge queue or held back for the student's fair slot",
)
OLDEST_QUEUED = Gauge(
    "arena_judgings_oldest_queued_seconds",
    "How long the longest-waiting queued judging has waited (0 when none waits)",
)
JUDGINGS_RUNNING = Gauge("arena_judgings_running", "Judgings this process is grading now")
SSE_STREAMS = Gauge("arena_sse_streams_open", "Live (Server-Sent Events) streams held open")
HEARTBEAT_AGE = Gauge(
    "arena_worker_heartbeat_age_seconds",
    "Seconds since a worker's last heartbeat (lost after 30), by worker name and kind",
    ["worker", "kind"],
)

METRIC_NAMES = (
    "arena_http_request_duration_seconds",
    "arena_queue_depth",
    "arena_queue_to_verdict_seconds",
    "arena_verdicts_total",
    "arena_judge_container_seconds",
    "arena_judgings_queued",
    "arena_judgings_oldest_queued_seconds",
    "arena_judgings_running",
    "arena_sse_streams_open",
    "arena_worker_heartbeat_age_seconds",
)


def exposition() -> tuple[bytes, str]:
    """The metrics in Prometheus text format, and its content type."""
    return generate_latest(), CONTENT_TYPE_LATEST


def heartbeats(ages: list[tuple[str, str, float]]) -> None:
    """Replace the heartbeat ages with ``(worker, kind, age)``: forgotten workers go away."""
    HEARTBEAT_AGE.clear()
    for worker, kind, age in ages:
        HEARTBEAT_AGE.labels(worker, kind).set(age)


def bearer_allows(authorization: str | None, token: str) -> bool:
    """Whether an ``Authorization`` header carries ``Bearer <token>`` (compared in constant
    time)."""
    scheme, _, given = (authorization or "").partition(" ")
    return scheme.lower() == "bearer" and hmac.compare_digest(
        given.strip().encode(), token.encode()
    )
