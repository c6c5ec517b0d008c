"""The live stream: one multiplexed SSE connection per tab, fed by one reader per process.

Served by a real uvicorn server on loopback, so that closing a connection really disconnects.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import socket
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
import uvicorn
from redis.asyncio import Redis
from sqlalchemy import event as sa_event

from ictarena.accounts.models import CohortMember, Role, User
from ictarena.db import Database
from ictarena.events import services as events
from ictarena.events.fanout import Channel, FanOut
from ictarena.events.notifier import CHANNEL, Notifier, RedisNotifier
from ictarena.http.app import create_app
from ictarena.settings import Settings, load_settings
from ictarena.submissions.models import Submission
from ictarena.workers.queue import InProcessQueue
from tests.arena.helpers import UserFactory, log_in
from tests.arena.pipeline.conftest import make_code_task
from tests.arena.pipeline.fakes import ScriptedGrader

REDIS_URL = "redis://127.0.0.1:6379/0"
WAIT_S = 20.0  # generous bound for a wait, never an assertion about speed


@dataclass
class World:
    db: Database
    alice: User
    bob: User
    coach: User
    alice_sub: int
    bob_sub: int


@pytest.fixture
async def world(committed_db: Database, settings: Settings) -> World:
    async with committed_db.session() as session:
        fixture = await make_code_task(session, settings.tasks_dir)
        factory = UserFactory(session)
        alice, bob = await factory(), await factory()
        coach = await factory(Role.COACH)
        cohort = await factory.cohort(coach)
        session.add(CohortMember(cohort_id=cohort.id, user_id=alice.id))
        subs = [
            Submission(user_id=u.id, task_id=fixture.task.id, language="cpp", files={"a.cpp": ""})
            for u in (alice, bob)
        ]
        session.add_all(subs)
        await session.commit()
        return World(committed_db, alice, bob, coach, subs[0].id, subs[1].id)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextlib.asynccontextmanager
async def serve(settings: Settings, db: Database) -> AsyncIterator[tuple[str, Any]]:
    app = create_app(
        settings,
        database=db,
        queue=InProcessQueue(),
        connect_docker_engine=False,
        grader=ScriptedGrader(),
        sweep_every_s=None,
    )
    port = _free_port()
    server = uvicorn.Server(
        uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="on")
    )
    task = asyncio.create_task(server.serve())
    for _ in range(400):
        if server.started:
            break
        await asyncio.sleep(0.05)
    assert server.started, "the server did not start"
    try:
        yield f"http://127.0.0.1:{port}", app
    finally:
        server.should_exit = True
        await asyncio.wait_for(task, WAIT_S)


@contextlib.asynccontextmanager
async def browser(base: str, user: User) -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(base_url=base, timeout=httpx.Timeout(WAIT_S)) as client:
        response = await log_in(client, user.username)
        assert response.status_code == 303
        yield client


async def _blocks(response: httpx.Response) -> AsyncIterator[dict[str, str]]:
    block: dict[str, str] = {}
    async for line in response.aiter_lines():
        if not line:
            if "id" in block:
                yield block
            block = {}
            continue
        key, _, value = line.partition(": ")
        block[key] = value


async def _append(db: Database, subject: str, user_id: int, **payload: Any) -> int:
    async with db.transaction() as session:
        event = await events.append(session, "judging.progress", subject, payload, user_id=user_id)
    return event.id


@pytest.fixture
def capped(tmp_data_dir: Path) -> Settings:
    return load_settings(
        data_dir=tmp_data_dir, secret_key="test-secret", sse_streams_per_user=2, sse_poll_s=0.2
    )


async def test_one_stream_carries_several_channels_and_resumes(
    world: World, capped: Settings
) -> None:
    async with serve(capped, world.db) as (base, app), browser(base, world.alice) as client:
        url = f"/events/stream?channels=submission:{world.alice_sub},user"
        async with client.stream("GET", url) as response:
            assert response.status_code == 200
            assert response.headers["content-type"].startswith("text/event-stream")
            first = await _append(world.db, f"submission:{world.alice_sub}", world.alice.id, n=1)
            await app.state.arena.notifier.notify()
            seen: list[tuple[int, str]] = []
            reader = _blocks(response)
            while len(seen) < 2:
                block = await asyncio.wait_for(anext(reader), WAIT_S)
                message = json.loads(block["data"])
                assert message["kind"] == "judging.progress" and message["data"] == {"n": 1}
                seen.append((int(block["id"]), message["channel"]))
        # The event is the submission's and the user's: it arrives once on each channel.
        assert sorted(seen) == [(first, f"submission:{world.alice_sub}"), (first, "user")]

        # A reload resumes after the last id seen and gets only what came after it.
        second = await _append(world.db, f"submission:{world.alice_sub}", world.alice.id, n=2)
        headers = {"Last-Event-ID": str(first)}
        async with client.stream(
            "GET", f"/events/stream?channels=submission:{world.alice_sub}", headers=headers
        ) as response:
            block = await asyncio.wait_for(anext(_blocks(response)), WAIT_S)
        assert int(block["id"]) == second
        assert json.loads(block["data"])["data"] == {"n": 2}


async def test_a_coach_follows_a_students_submission(world: World, capped: Settings) -> None:
    async with serve(capped, world.db) as (base, _app), browser(base, world.coach) as client:
        earlier = await _append(world.db, f"submission:{world.alice_sub}", world.alice.id, n=7)
        url = f"/events/stream?channels=submission:{world.alice_sub}&since={earlier - 1}"
        async with client.stream("GET", url) as response:
            assert response.status_code == 200
            block = await asyncio.wait_for(anext(_blocks(response)), WAIT_S)
        assert int(block["id"]) == earlier
        # ...but not the submission of a student outside the coach's cohorts.
        response = await client.get(f"/events/stream?channels=submission:{world.bob_sub}")
        assert response.status_code == 404


@pytest.mark.parametrize(
    ("channels", "status", "words"),
    [
        pytest.param("OTHER", 404, "no such submission", id="another-users-submission"),
        pytest.param("submission:99999999", 404, "no such submission", id="missing-submission"),
        pytest.param(f"submission:{2**64}", 404, "no such submission", id="id-beyond-2^63"),
        pytest.param("submission:-1", 400, "is not a channel", id="negative-id"),
        pytest.param("submission:abc", 400, "is not a channel", id="non-numeric-id"),
        pytest.param("submission:١٢", 400, "is not a channel", id="unicode-digits"),
        pytest.param("arena:1", 400, "is not a channel", id="unknown-kind"),
        pytest.param("user:5", 400, "is not a channel", id="someone-elses-user-channel"),
        pytest.param("", 400, "Name the channels", id="empty"),
        pytest.param(",".join(f"user{i}" for i in range(5000)), 400, "at most", id="huge-list"),
        pytest.param("x" * 10240, 400, "at most", id="10kB-name"),
    ],
)
async def test_hostile_channel_lists_are_refused_with_a_message(
    world: World, capped: Settings, channels: str, status: int, words: str
) -> None:
    channels = channels.replace("OTHER", f"submission:{world.bob_sub}")
    async with serve(capped, world.db) as (base, _app), browser(base, world.alice) as client:
        response = await client.get("/events/stream", params={"channels": channels})
        assert response.status_code == status
        assert words in response.text
        # A refused stream holds no slot.
        assert app_slots(_app) == 0


def app_slots(app: Any) -> int:
    return int(app.state.arena.stream_slots.total)


async def test_streams_are_capped_per_user_and_closing_one_frees_its_slot(
    world: World, capped: Settings
) -> None:
    url = f"/events/stream?channels=submission:{world.alice_sub}"
    async with serve(capped, world.db) as (base, app):
        async with browser(base, world.alice) as tab1, browser(base, world.alice) as tab2:
            async with tab1.stream("GET", url) as one, tab2.stream("GET", url) as two:
                assert (one.status_code, two.status_code) == (200, 200)
                async with browser(base, world.alice) as tab3:
                    refused = await tab3.get(url)
                    assert refused.status_code == 429
                    assert "2 live pages open already" in refused.text
                async with browser(base, world.bob) as other:  # the cap is per user
                    response = await other.get(f"/submissions/{world.bob_sub}")
                    async with other.stream(
                        "GET", f"/events/stream?channels=submission:{world.bob_sub}"
                    ) as mine:
                        assert mine.status_code == 200
            # Both tabs closed their connection: the server must give the slots back.
            for _ in range(400):
                if app_slots(app) == 0:
                    break
                await asyncio.sleep(0.05)
            assert app_slots(app) == 0
            async with tab1.stream("GET", url) as again:
                assert again.status_code == 200
        assert response.status_code == 200


async def test_the_process_cap_applies_to_everyone(world: World, tmp_data_dir: Path) -> None:
    settings = load_settings(
        data_dir=tmp_data_dir, secret_key="test-secret", sse_streams_per_process=1
    )
    async with (
        serve(settings, world.db) as (base, _app),
        browser(base, world.alice) as a,
        browser(base, world.bob) as b,
        a.stream("GET", f"/events/stream?channels=submission:{world.alice_sub}"),
    ):
        refused = await b.get(f"/events/stream?channels=submission:{world.bob_sub}")
        assert refused.status_code == 429
        assert "1 live pages already" in refused.text


async def _count_queries(db: Database) -> list[str]:
    seen: list[str] = []

    def note(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        seen.append(statement)

    sa_event.listen(db.engine.sync_engine, "before_cursor_execute", note)
    return seen


async def test_one_read_of_the_log_serves_every_subscriber(world: World) -> None:
    fanout = FanOut(world.db, Notifier(), poll_s=3600)
    await fanout.start()  # the reader task sleeps: this test drives the reads itself
    try:
        subject = f"submission:{world.alice_sub}"
        subscriptions = [fanout.subscribe([Channel(subject, subject)]) for _ in range(200)]
        others = [fanout.subscribe([Channel("x", "submission:0")]) for _ in range(50)]
        event_id = await _append(world.db, subject, world.alice.id, n=3)
        queries = await _count_queries(world.db)
        assert await fanout.read_once() == 1
        assert len(queries) == 1  # one query for 250 open streams, not one each
        for subscription in subscriptions:
            delivery = subscription.queue.get_nowait()
            assert delivery is not None and (delivery.id, delivery.data) == (event_id, {"n": 3})
        assert all(s.queue.empty() for s in others)
        # Read again: nothing is delivered twice.
        assert await fanout.read_once() == 0
        assert all(s.queue.empty() for s in subscriptions)
    finally:
        await fanout.close()


async def test_a_lost_notification_delays_an_event_but_does_not_lose_it(world: World) -> None:
    fanout = FanOut(world.db, Notifier(), poll_s=0.1)
    await fanout.start()
    try:
        subject = f"submission:{world.alice_sub}"
        subscription = fanout.subscribe([Channel(subject, subject)])
        event_id = await _append(world.db, subject, world.alice.id)  # nobody notifies
        delivery = await asyncio.wait_for(subscription.queue.get(), WAIT_S)
        assert delivery is not None and delivery.id == event_id
    finally:
        await fanout.close()


async def test_an_event_committed_late_with_a_lower_id_is_still_delivered(world: World) -> None:
    fanout = FanOut(world.db, Notifier(), poll_s=3600)
    await fanout.start()
    try:
        subject = f"submission:{world.alice_sub}"
        subscription = fanout.subscribe([Channel(subject, subject)])
        async with world.db.transaction() as slow:
            late = await events.append(slow, "judging.progress", subject, {"late": True})
            early = await _append(world.db, subject, world.alice.id)  # commits first
            await fanout.read_once()
        await fanout.read_once()
        got = [subscription.queue.get_nowait() for _ in range(2)]
        assert sorted(d.id for d in got if d is not None) == sorted([early, late.id])
    finally:
        await fanout.close()


async def _changed(db: Database, subject: str, version: int) -> int:
    async with db.transaction() as session:
        event = await events.append(session, "scoreboard.changed", subject, {"version": version})
    return event.id


async def test_a_coalesced_kind_goes_out_once_per_window_and_the_rest_waits(world: World) -> None:
    # a window no test run outlasts: what is held stays held
    fanout = FanOut(world.db, Notifier(), poll_s=3600, coalesce={"scoreboard.changed": 3600})
    await fanout.start()
    try:
        board, mine = "contest:991", f"submission:{world.alice_sub}"
        readers = [fanout.subscribe([Channel(board, board)]) for _ in range(20)]
        follower = fanout.subscribe([Channel(mine, mine)])
        first = await _changed(world.db, board, 1)
        await fanout.read_once()
        for reader in readers:
            delivery = reader.queue.get_nowait()
            assert delivery is not None and (delivery.id, delivery.data) == (first, {"version": 1})
        for version in (2, 3, 4):
            await _changed(world.db, board, version)
            await fanout.read_once()
        progress = await _append(world.db, mine, world.alice.id)  # another kind: not held
        assert await fanout.read_once() == 1
        assert all(reader.queue.empty() for reader in readers)
        got = follower.queue.get_nowait()
        assert got is not None and got.id == progress
        # another contest's board has its own window
        other = fanout.subscribe([Channel("contest:992", "contest:992")])
        elsewhere = await _changed(world.db, "contest:992", 1)
        await fanout.read_once()
        got = other.queue.get_nowait()
        assert got is not None and got.id == elsewhere
    finally:
        await fanout.close()  # the held event's timer is cancelled: nothing fires after


async def test_the_newest_held_change_goes_out_when_the_window_closes(world: World) -> None:
    fanout = FanOut(world.db, Notifier(), poll_s=3600, coalesce={"scoreboard.changed": 0.2})
    await fanout.start()
    try:
        board = "contest:993"
        reader = fanout.subscribe([Channel(board, board)])
        ids = []
        for version in range(1, 6):
            ids.append(await _changed(world.db, board, version))
            await fanout.read_once()
        seen: list[int] = []
        while not seen or seen[-1] != ids[-1]:
            delivery = await asyncio.wait_for(reader.queue.get(), WAIT_S)
            assert delivery is not None
            seen.append(delivery.id)
        assert seen[0] == ids[0] and seen == sorted(seen) and len(seen) <= len(ids)
        assert delivery.data == {"version": 5}
    finally:
        await fanout.close()


async def test_redis_carries_notifications_between_processes(world: World) -> None:
    """A worker's notifier publishes; the web process's fan-out hears it over real Redis."""
    web_redis, worker_redis = Redis.from_url(REDIS_URL), Redis.from_url(REDIS_URL)
    web = RedisNotifier(web_redis)
    web.start()
    fanout = FanOut(world.db, web, poll_s=3600)  # never polls: only Redis can wake it
    await fanout.start()
    try:
        subject = f"submission:{world.alice_sub}"
        subscription = fanout.subscribe([Channel(subject, subject)])
        event_id = await _append(world.db, subject, world.alice.id, tag=uuid.uuid4().hex)
        worker = RedisNotifier(worker_redis)
        delivery = None
        for _ in range(100):  # until the listener's SUBSCRIBE is in place and hears one
            await worker.notify()
            with contextlib.suppress(TimeoutError):
                delivery = await asyncio.wait_for(subscription.queue.get(), 0.2)
                break
        assert delivery is not None and delivery.id == event_id
    finally:
        await fanout.close()
        await web.close()
        await web_redis.aclose()
        await worker_redis.aclose()


async def test_a_notifier_wakes_its_listeners_once_not_again_for_its_own_echo() -> None:
    """The web process's own notification wakes its fan-out at once; the same message, back
    over Redis, must not wake it a second time (a second read of the log per submission),
    while another process's notification still does."""
    clients = [Redis.from_url(REDIS_URL) for _ in range(3)]
    web, worker = RedisNotifier(clients[0]), RedisNotifier(clients[1])
    woken: list[int] = []
    web.listen(lambda: woken.append(1))
    pubsub = clients[2].pubsub()
    await pubsub.subscribe(CHANNEL)
    try:
        await web.notify()
        await worker.notify()
        heard: list[dict[str, Any]] = []
        deadline = asyncio.get_running_loop().time() + WAIT_S
        while len(heard) < 2 and asyncio.get_running_loop().time() < deadline:
            # None for the subscription's own confirmation, which is left out
            message = await pubsub.get_message(ignore_subscribe_messages=True, timeout=1.0)
            if message is not None:
                heard.append(message)
        assert len(heard) == 2, "a notification never reached Redis"
        assert woken == [1]  # notify() woke the local listeners itself
        assert [web.wakes(m) for m in heard] == [False, True]
        assert [worker.wakes(m) for m in heard] == [True, False]
    finally:
        await pubsub.aclose()
        for client in clients:
            await client.aclose()


async def test_closing_the_fanout_as_it_is_woken_never_hangs(world: World) -> None:
    """A wake-up and the shutdown's cancellation in the same loop turn: the reader must still
    stop (``asyncio.wait_for`` on Python 3.11 swallows such a cancellation)."""
    for _ in range(50):
        notifier = Notifier()
        fanout = FanOut(world.db, notifier, poll_s=3600)
        await fanout.start()
        await asyncio.sleep(0)  # the reader now waits for its wake-up
        await notifier.notify()  # wakes it, and close() cancels it in the same turn
        closing = asyncio.ensure_future(fanout.close())
        done, _ = await asyncio.wait({closing}, timeout=WAIT_S)
        assert closing in done, "the fan-out's reader ignored its cancellation"


async def test_a_burst_of_wake_ups_is_read_once_after_the_gap(world: World) -> None:
    """The first wake-up after a quiet spell is read at once; the wake-ups that come within
    the gap after it are read together, once, and every event still reaches its stream."""
    notifier = Notifier()
    fanout = FanOut(world.db, notifier, poll_s=3600, read_gap_s=2.0)
    await fanout.start()
    try:
        subject = f"submission:{world.alice_sub}"
        subscription = fanout.subscribe([Channel(subject, subject)])
        first = await _append(world.db, subject, world.alice.id, n=0)
        await notifier.notify()
        delivery = await asyncio.wait_for(subscription.queue.get(), WAIT_S)
        assert delivery is not None and delivery.id == first
        burst = []
        for n in range(1, 6):  # five submissions, each announced, within the gap
            burst.append(await _append(world.db, subject, world.alice.id, n=n))
            await notifier.notify()
        got = [await asyncio.wait_for(subscription.queue.get(), WAIT_S) for _ in burst]
        assert [d.id for d in got if d is not None] == burst
        assert fanout.reads == 2
    finally:
        await fanout.close()


async def test_a_burst_of_notifications_is_published_once_after_the_gap() -> None:
    """Within the gap after a publication, a process's notifications are folded into one
    publication at the gap's end (the local listeners are woken by every one); a publication
    still due when the notifier closes goes out then."""
    clients = [Redis.from_url(REDIS_URL) for _ in range(3)]
    web = RedisNotifier(clients[0], publish_gap_s=0.5)
    woken: list[int] = []
    web.listen(lambda: woken.append(1))
    pubsub = clients[2].pubsub()
    await pubsub.subscribe(CHANNEL)

    async def heard_from(notifier: RedisNotifier, count: int, then_wait_s: float = 0.0) -> int:
        """How many of ``notifier``'s publications are heard: until ``count`` are, then for
        ``then_wait_s`` more (other tests may publish on the channel too)."""
        heard = 0
        loop = asyncio.get_running_loop()
        deadline = loop.time() + WAIT_S
        while heard < count and loop.time() < deadline:
            message = await pubsub.get_message(ignore_subscribe_messages=True, timeout=1.0)
            if message is not None and not notifier.wakes(message):
                heard += 1
        quiet_until = loop.time() + then_wait_s
        while loop.time() < quiet_until:
            message = await pubsub.get_message(ignore_subscribe_messages=True, timeout=0.2)
            if message is not None and not notifier.wakes(message):
                heard += 1
        return heard

    try:
        for _ in range(10):
            await web.notify()
        assert woken == [1] * 10
        assert await heard_from(web, 2, then_wait_s=1.0) == 2  # at once, then one for nine
        closing = RedisNotifier(clients[1], publish_gap_s=3600)
        await closing.notify()  # at once
        await closing.notify()  # due in an hour
        await closing.close()  # goes out now
        assert await heard_from(closing, 2) == 2
    finally:
        await web.close()
        await pubsub.aclose()
        for client in clients:
            await client.aclose()
