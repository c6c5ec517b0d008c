"""The shop's front end: counts a visitor's page views in their session.

Configuration: the KEY=VALUE file named on the command line (default /etc/shop/app.env),
read once at start. SESSION_STORE=memory keeps the sessions in this process (they are lost when
it stops and unknown to the other servers); SESSION_STORE=redis keeps them in Redis
(REDIS_HOST, REDIS_PORT, REDIS_DB, REDIS_PASSWORD), where every server sees them.
"""

from __future__ import annotations

import re
import secrets
import sys
from http.cookies import CookieError, SimpleCookie
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from threading import Lock

COOKIE = "SHOPSESSION"
SESSION_ID = re.compile(r"^[0-9a-f]{32}$")
SESSION_TTL_S = 1800


def read_config(path: str) -> dict[str, str]:
    config: dict[str, str] = {}
    with open(path, encoding="utf-8") as lines:
        for raw in lines:
            line = raw.strip()
            if line and not line.startswith("#") and "=" in line:
                key, value = line.split("=", 1)
                config[key.strip()] = value.strip().strip("'\"")
    return config


class MemoryStore:
    def __init__(self) -> None:
        self.counts: dict[str, int] = {}
        self.lock = Lock()

    def visit(self, session: str) -> int:
        with self.lock:
            self.counts[session] = self.counts.get(session, 0) + 1
            return self.counts[session]


class RedisStore:
    def __init__(self, config: dict[str, str]) -> None:
        import redis

        self.client = redis.Redis(
            host=config.get("REDIS_HOST", "127.0.0.1"),
            port=int(config.get("REDIS_PORT", "6379") or 6379),
            db=int(config.get("REDIS_DB", "0") or 0),
            password=config.get("REDIS_PASSWORD") or None,
            socket_timeout=1,
            socket_connect_timeout=1,
        )

    def visit(self, session: str) -> int:
        key = f"shop:session:{session}"
        pipe = self.client.pipeline()
        pipe.incr(key)
        pipe.expire(key, SESSION_TTL_S)
        count, _ = pipe.execute()
        return int(count)


def handler(name: str, store: MemoryStore | RedisStore) -> type[BaseHTTPRequestHandler]:
    class Shop(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            if self.path == "/health":
                self.reply(200, "ok\n")
                return
            session = self.session() or secrets.token_hex(16)
            try:
                count = store.visit(session)
            except Exception as exc:  # the store is down or refuses us
                self.log_message("session store: %s", exc)
                self.reply(503, f"{name} session store unavailable\n")
                return
            self.reply(200, f"{name} visits={count}\n", session)

        def session(self) -> str | None:
            cookie = SimpleCookie()
            try:
                cookie.load(self.headers.get("Cookie", ""))
            except CookieError:
                return None
            morsel = cookie.get(COOKIE)
            return morsel.value if morsel and SESSION_ID.match(morsel.value) else None

        def reply(self, status: int, body: str, session: str | None = None) -> None:
            data = body.encode()
            self.send_response(status)
            self.send_header("Content-Type", "text/plain; charset=utf-8")
            self.send_header("Content-Length", str(len(data)))
            self.send_header("Cache-Control", "no-store")
            if session:
                self.send_header("Set-Cookie", f"{COOKIE}={session}; Path=/; HttpOnly")
            self.end_headers()
            self.wfile.write(data)

    return Shop


def main() -> None:
    config = read_config(sys.argv[1] if len(sys.argv) > 1 else "/etc/shop/app.env")
    kind = config.get("SESSION_STORE", "memory")
    store: MemoryStore | RedisStore = RedisStore(config) if kind == "redis" else MemoryStore()
    name = config.get("SERVER_NAME", "app")
    port = int(config.get("LISTEN_PORT", "8080") or 8080)
    print(f"{name}: listening on port {port}, sessions in {kind}", flush=True)
    ThreadingHTTPServer(("0.0.0.0", port), handler(name, store)).serve_forever()


if __name__ == "__main__":
    main()
