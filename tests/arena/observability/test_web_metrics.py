"""``/metrics`` on a web process: who may scrape it, what it holds, and how routes are labelled;
``/readyz`` by role."""

from __future__ import annotations

import pytest
from redis.asyncio import Redis

from ictarena.db import Database
from ictarena.observability.metrics import METRIC_NAMES
from ictarena.settings import Settings, load_settings
from ictarena.submissions import services
from ictarena.submissions.dispatch import dispatch_ready
from ictarena.workers.fleet import RedisFleet, WorkerInfo
from ictarena.workers.queue import ArqQueue
from tests.arena.helpers import UserFactory
from tests.arena.observability.conftest import ELSEWHERE, samples, site
from tests.arena.pipeline.conftest import TaskFixture

TOKEN = "s3cret-scrape-token"


async def test_a_loopback_scrape_without_a_token_lists_every_documented_metric(
    settings: Settings, db: Database
) -> None:
    async with site(settings, db) as http:
        await http.get("/login")
        response = await http.get("/metrics")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/plain; version=")
    for name in METRIC_NAMES:
        assert f"# HELP {name} " in response.text, name
    depth = [v for n, labels, v in samples(response.text) if n == "arena_queue_depth"]
    assert depth == [0.0]  # embedded: the in-process judge queue, empty


async def test_without_a_token_anyone_but_loopback_gets_404(
    settings: Settings, db: Database
) -> None:
    async with site(settings, db, client=ELSEWHERE) as http:
        response = await http.get("/metrics", headers={"Authorization": "Bearer guess"})
    assert response.status_code == 404
    assert "arena_" not in response.text


@pytest.mark.parametrize("header", ["X-Forwarded-For", "Forwarded", "X-Real-IP"])
async def test_without_a_token_a_request_through_a_proxy_on_this_host_gets_404(
    settings: Settings, db: Database, header: str
) -> None:
    async with site(settings, db) as http:  # from loopback, as a proxy on this host connects
        response = await http.get("/metrics", headers={header: "198.51.100.7"})
    assert response.status_code == 404


@pytest.mark.parametrize(
    "authorization",
    [None, "Bearer wrong", f"Basic {TOKEN}", f"Bearer {TOKEN}x", "Bearer", f"{TOKEN}"],
)
async def test_with_a_token_a_scrape_without_it_gets_401(
    tmp_data_dir: object, db: Database, authorization: str | None
) -> None:
    settings = load_settings(data_dir=tmp_data_dir, secret_key="t", metrics_token=TOKEN)
    headers = {"Authorization": authorization} if authorization is not None else {}
    for client in (ELSEWHERE, ("127.0.0.1", 1)):  # the token binds loopback too
        async with site(settings, db, client=client) as http:
            response = await http.get("/metrics", headers=headers)
        assert response.status_code == 401
        assert response.headers["www-authenticate"] == "Bearer"
        assert "arena_" not in response.text


async def test_with_the_token_anyone_may_scrape(tmp_data_dir: object, db: Database) -> None:
    settings = load_settings(data_dir=tmp_data_dir, secret_key="t", metrics_token=TOKEN)
    async with site(settings, db, client=ELSEWHERE) as http:
        response = await http.get("/metrics", headers={"Authorization": f"Bearer {TOKEN}"})
    assert response.status_code == 200
    assert "arena_http_request_duration_seconds" in response.text


async def test_latency_is_labelled_by_route_template_not_by_path(
    settings: Settings, db: Database
) -> None:
    async with site(settings, db) as http:
        for number in (918273, 918274):
            await http.get(f"/submissions/{number}")
        await http.get("/no/such/page/5551212")
        text = (await http.get("/metrics")).text
    routes = {
        labels["route"]
        for name, labels, _v in samples(text)
        if name == "arena_http_request_duration_seconds_count"
    }
    assert "/submissions/{id:int}" in routes
    assert "unmatched" in routes
    assert "918273" not in text and "5551212" not in text
    counts = {
        (labels["route"], labels["status"]): value
        for name, labels, value in samples(text)
        if name == "arena_http_request_duration_seconds_count"
    }
    # Anonymous: both submission pages send the visitor to log in; one series for both.
    assert counts[("/submissions/{id:int}", "303")] >= 2


@pytest.mark.redis
@pytest.mark.postgres
async def test_production_readiness_checks_database_redis_and_judges_heartbeats(
    prod_settings: Settings, committed_db: Database, judge_queue: ArqQueue, redis: Redis
) -> None:
    async with site(prod_settings, committed_db, queue=judge_queue) as http:
        response = await http.get("/readyz")
        assert response.status_code == 503
        checks = response.json()["checks"]
        assert checks["database"] == "ok" and checks["redis"] == "ok"
        assert checks["judges"].startswith("error:") and "heartbeat" in checks["judges"]
        assert "docker" not in checks  # a production web process has no engine of its own
        await RedisFleet(redis).beat(WorkerInfo("judge@host-a:1", "judge"))
        response = await http.get("/readyz")
        assert response.status_code == 200, response.text
        assert response.json() == {
            "status": "ok",
            "checks": {"database": "ok", "redis": "ok", "judges": "ok"},
        }


@pytest.mark.redis
@pytest.mark.postgres
async def test_production_metrics_show_both_queues_the_backlog_and_the_fleet(
    prod_settings: Settings,
    committed_db: Database,
    judge_queue: ArqQueue,
    redis: Redis,
    students: UserFactory,
    code_task: TaskFixture,
) -> None:
    user = await students()
    rules = services.IntakeRules(per_minute=1000, languages=("cpp",))
    async with committed_db.session() as session:
        for _ in range(5):  # two go to the queue, three wait for the student's fair slot
            await services.submit(
                session, user, code_task.task.id, "cpp", {"a.cpp": "int main(){}"}, rules
            )
        await session.commit()
        await dispatch_ready(session, judge_queue, [user.id])
    await judge_queue.enqueue("judge", "judge:900:0", judging_id=900)
    await RedisFleet(redis).beat(WorkerInfo("judge@host-a:1", "judge"))
    await RedisFleet(redis).beat(WorkerInfo("platform@host-b:2", "platform"))
    async with site(prod_settings, committed_db, queue=judge_queue) as http:
        text = (await http.get("/metrics")).text
    found = samples(text)
    depths = {labels["queue"]: v for n, labels, v in found if n == "arena_queue_depth"}
    assert depths == {"judge": 3.0, "platform": 0.0}
    assert ("arena_judgings_queued", {}, 5.0) in found
    [oldest] = [v for n, _labels, v in found if n == "arena_judgings_oldest_queued_seconds"]
    assert oldest > 0
    beats = {
        (labels["worker"], labels["kind"]): v
        for n, labels, v in found
        if n == "arena_worker_heartbeat_age_seconds"
    }
    assert set(beats) == {("judge@host-a:1", "judge"), ("platform@host-b:2", "platform")}
    assert all(0 <= age < 30 for age in beats.values())
