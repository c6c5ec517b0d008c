"""Drive a server with wrk, a load generator written in C (Debian's ``wrk`` package).

On a small machine the load generator shares the cores with the server, PostgreSQL and Redis.
A Python client (httpx) spends about a millisecond of CPU per request, as much as the server
spends on a simple page, so the rates it measures are partly its own. wrk spends a few
microseconds, and leaves the machine to what is measured.
"""

from __future__ import annotations

import asyncio
import json
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

_DONE = re.compile(r"(\d+) requests in ([\d.]+)(ms|s|m)\b")
_NOT_2XX = re.compile(r"Non-2xx or 3xx responses: (\d+)")
_SOCKET_ERRORS = re.compile(r"Socket errors: (.*)")


@dataclass(frozen=True)
class Outcome:
    requests: int
    seconds: float
    not_2xx: int
    socket_errors: str  # wrk's own summary, empty when there were none


def require() -> str:
    """The path of ``wrk``, or exit saying how to install it."""
    path = shutil.which("wrk")
    if path is None:
        raise SystemExit("wrk is not installed: apt-get install wrk (or use --generator httpx)")
    return path


def post_script(directory: Path, path: str, body: object, logins: list[tuple[str, str]]) -> Path:
    """A wrk script that POSTs ``body`` as JSON to ``path``, each request as the next of
    ``logins`` (a session cookie header and its CSRF token)."""
    table = ", ".join(f"{{{json.dumps(c)}, {json.dumps(t)}}}" for c, t in logins)
    script = directory / "post.lua"
    script.write_text(
        f"""local logins = {{{table}}}
local body = {json.dumps(json.dumps(body))}
local n = 0
request = function()
  n = n + 1
  local login = logins[(n % #logins) + 1]
  return wrk.format("POST", {json.dumps(path)}, {{
    ["Content-Type"] = "application/json",
    ["Cookie"] = login[1],
    ["X-CSRF-Token"] = login[2],
  }}, body)
end
"""
    )
    return script


def _outcome(text: str) -> Outcome:
    done = _DONE.search(text)
    if done is None:
        raise RuntimeError(f"wrk said nothing of its requests:\n{text}")
    scale = {"ms": 0.001, "s": 1.0, "m": 60.0}[done.group(3)]
    not_2xx = _NOT_2XX.search(text)
    errors = _SOCKET_ERRORS.search(text)
    return Outcome(
        int(done.group(1)),
        float(done.group(2)) * scale,
        int(not_2xx.group(1)) if not_2xx else 0,
        errors.group(1) if errors else "",
    )


async def load(
    urls: list[str], seconds: int, connections: int, script: Path | None = None
) -> Outcome:
    """Run one wrk per URL at once (one per web process), ``connections`` split between
    them, for ``seconds``; the requests of all, over the longest one's time."""
    wrk = require()
    each = max(1, connections // len(urls))
    options = ["-t1", f"-c{each}", f"-d{seconds}s"]
    if script is not None:
        options += ["-s", str(script)]
    runs = [
        await asyncio.create_subprocess_exec(wrk, *options, url, stdout=asyncio.subprocess.PIPE)
        for url in urls
    ]
    outcomes = [_outcome((await run.communicate())[0].decode()) for run in runs]
    return Outcome(
        sum(o.requests for o in outcomes),
        max(o.seconds for o in outcomes),
        sum(o.not_2xx for o in outcomes),
        "; ".join(o.socket_errors for o in outcomes if o.socket_errors),
    )
