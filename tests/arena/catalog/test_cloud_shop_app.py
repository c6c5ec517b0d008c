"""The shop application of the Redis sessions lab (problem_sets/cloud/redis-sessions): it counts
a visitor's requests in the session its cookie names, in its own memory by default, and in Redis
when configured so, where a second server continues the same visitor's count."""

from __future__ import annotations

import http.client
import importlib.util
import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import ThreadingHTTPServer
from pathlib import Path
from types import ModuleType

import pytest

APP = Path(__file__).resolve().parents[3] / "problem_sets/cloud/redis-sessions/lab/shop_app.py"
REDIS_URL = os.environ.get("ARENA_TEST_REDIS_URL", "redis://127.0.0.1:6379/13")


def shop_app() -> ModuleType:
    spec = importlib.util.spec_from_file_location("shop_app", APP)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@contextmanager
def serving(name: str, store: object) -> Iterator[int]:
    """The application as ``name`` with ``store`` on a free local port."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), shop_app().handler(name, store))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server.server_address[1]
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def visit(port: int, cookie: str | None = None) -> tuple[int, str, str | None]:
    """(status, body, the SHOPSESSION cookie set) of ``GET /``, sending ``cookie`` if given."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
    try:
        connection.request("GET", "/", headers={"Cookie": cookie} if cookie else {})
        response = connection.getresponse()
        body = response.read().decode()
        set_cookie = response.getheader("Set-Cookie")
    finally:
        connection.close()
    session = set_cookie.split(";", 1)[0] if set_cookie else None
    return response.status, body, session


def test_the_configuration_file_is_read_as_key_value_lines(tmp_path: Path) -> None:
    env = tmp_path / "app.env"
    env.write_text("# comment\nSERVER_NAME=app1\n\nREDIS_PASSWORD='a=b'\nnot a setting\n")
    assert shop_app().read_config(str(env)) == {"SERVER_NAME": "app1", "REDIS_PASSWORD": "a=b"}


def test_a_session_counts_its_visitor_and_a_forged_cookie_starts_a_new_one() -> None:
    app = shop_app()
    with serving("app1", app.MemoryStore()) as port:
        status, body, session = visit(port)
        assert (status, body) == (200, "app1 visits=1\n")
        assert session is not None and session.startswith("SHOPSESSION=")
        assert visit(port, session)[1] == "app1 visits=2\n"
        assert visit(port, session)[1] == "app1 visits=3\n"
        forged = visit(port, "SHOPSESSION=../../etc")
        assert forged[1] == "app1 visits=1\n" and forged[2] != "SHOPSESSION=../../etc"


def test_in_memory_a_second_server_does_not_know_the_session() -> None:
    app = shop_app()
    with serving("app1", app.MemoryStore()) as one, serving("app2", app.MemoryStore()) as two:
        _, _, session = visit(one)
        assert visit(two, session)[1] == "app2 visits=1\n"


@pytest.mark.redis
def test_in_redis_a_second_server_continues_the_count() -> None:
    import redis

    client = redis.Redis.from_url(REDIS_URL)
    url = client.connection_pool.connection_kwargs
    config = {"REDIS_HOST": str(url["host"]), "REDIS_PORT": str(url["port"])}
    config["REDIS_DB"] = str(url.get("db", 0))
    app = shop_app()
    with (
        serving("app1", app.RedisStore(config)) as one,
        serving("app2", app.RedisStore(config)) as two,
    ):
        _, body, session = visit(one)
        assert body == "app1 visits=1\n" and session is not None
        try:
            assert visit(two, session)[1] == "app2 visits=2\n"
            assert visit(one, session)[1] == "app1 visits=3\n"
            ttl = client.ttl(f"shop:session:{session.split('=', 1)[1]}")
            assert 0 < int(ttl) <= 1800  # type: ignore[arg-type]
        finally:
            client.delete(f"shop:session:{session.split('=', 1)[1]}")
            client.close()


def test_a_store_that_fails_answers_503() -> None:
    class Broken:
        def visit(self, session: str) -> int:
            raise ConnectionError("store down")

    with serving("app2", Broken()) as port:
        status, body, session = visit(port)
    assert (status, body, session) == (503, "app2 session store unavailable\n", None)
