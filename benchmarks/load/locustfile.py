"""A compressed mock contest, as students do it, through the front door (the proxy).

Each simulated student logs in with their own account (``load001``…, from the plan that
``seed.py`` printed), opens the contest page and the scoreboard now and then, keeps one live
stream open for its verdicts (the page's ``/events/stream``), and submits every 60 to 120
seconds: the round's code task 60 % of the time, SQL 20 %, Linux 10 % and network 10 % (the
plan's shares), each time the task's accepted reference, through the task page's own form.

Every submission the platform acknowledged (the redirect to ``/submissions/<id>``) is written
to ``--submissions-out`` with its type and the moment it was sent, so that ``analyse.py`` can
tell a lost or doubled submission from the database's record.

    ARENA_LOAD_PLAN=plan.json locust -f benchmarks/load/locustfile.py --headless \\
        -u 300 -r 5 -t 10m --host https://127.0.0.1:8443 --csv out/load

Certificates are not checked (the install's certificate may be self-signed).
"""

from __future__ import annotations

import csv
import itertools
import json
import os
import random
import re
import time
from pathlib import Path
from typing import Any

import gevent
from locust import HttpUser, events, task
from locust.exception import StopUser

PLAN: dict[str, Any] = json.loads(Path(os.environ.get("ARENA_LOAD_PLAN", "plan.json")).read_text())
ACCOUNTS = itertools.cycle(PLAN["students"])
OUT = Path(os.environ.get("ARENA_LOAD_SUBMISSIONS", "submissions.csv"))
SENT: list[tuple[int, str, str, float]] = []  # (submission id, type, student, sent at)
REFUSED: list[tuple[str, str, int, str]] = []  # (student, type, status, reason)
CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')
FILE_FIELD = re.compile(r'name="file:([^"]+)"')
CONTEST_ID = re.compile(r'data-contest="(\d+)"')
SUBMITTED = re.compile(r"/submissions/(\d+)$")
WEIGHTS = [t["share"] for t in PLAN["tasks"]]
# Seconds between a student's submissions and between their page views (min,max).
SUBMIT_S = tuple(float(x) for x in os.environ.get("ARENA_LOAD_SUBMIT_S", "60,120").split(","))
BROWSE_S = tuple(float(x) for x in os.environ.get("ARENA_LOAD_BROWSE_S", "15,30").split(","))
PAGES: list[float] = []  # every page view's response time, ms (not the stream, not the posts)
SERVER_ERRORS: dict[str, int] = {}  # 5xx answers by request name


@events.request.add_listener
def _count(
    request_type: str, name: str, response_time: float, response: Any = None, **_kw: Any
) -> None:
    status = getattr(response, "status_code", 0) or 0
    if status >= 500:
        SERVER_ERRORS[name] = SERVER_ERRORS.get(name, 0) + 1
    if request_type == "GET" and name != "/events/stream" and status and status < 500:
        PAGES.append(response_time)


def _csrf(html: str) -> str:
    found = CSRF.search(html)
    return found.group(1) if found else ""


def _fields(spec: dict[str, Any], html: str) -> dict[str, str]:
    """The submit form's fields for a task's reference, named as the task page names them."""
    if "source" in spec:
        return {"language": spec["language"], "source": spec["source"]}
    names = FILE_FIELD.findall(html)
    files: dict[str, str] = spec["files"]
    if len(names) == 1 and len(files) == 1:
        return {f"file:{names[0]}": next(iter(files.values()))}
    return {f"file:{name}": files[name] for name in names if name in files}


class Student(HttpUser):
    """One student in the mock contest."""

    def wait_time(self) -> float:
        return random.uniform(*BROWSE_S)

    def on_start(self) -> None:
        self.client.verify = False
        self.username = next(ACCOUNTS)
        page = self.client.get("/login", name="/login")
        reply = self.client.post(
            "/login",
            data={
                "csrf_token": _csrf(page.text),
                "next": "",
                "username": self.username,
                "password": PLAN["password"],
            },
            name="/login [POST]",
            allow_redirects=False,
        )
        if reply.status_code != 303:
            raise StopUser()
        contest = self.client.get(f"/contests/{PLAN['contest']}", name="/contests/[slug]")
        found = CONTEST_ID.search(contest.text)
        self.channels = "user" + (f",contest:{found.group(1)}" if found else "")
        self.next_submit = time.monotonic() + random.uniform(0, SUBMIT_S[1])
        self.stream = gevent.spawn(self._follow)

    def on_stop(self) -> None:
        self.stream.kill(block=False)

    def _follow(self) -> None:
        """Keep the live stream open as the contest page does, reconnecting when it drops."""
        while True:
            try:
                with self.client.get(
                    f"/events/stream?channels={self.channels}",
                    name="/events/stream",
                    stream=True,
                    timeout=(10, 60),
                    catch_response=True,
                ) as reply:
                    if reply.status_code != 200:
                        reply.failure(f"stream refused: {reply.status_code}")
                        gevent.sleep(5)
                        continue
                    reply.success()
                    for _line in reply.iter_lines():
                        pass
            except Exception:  # a dropped stream reconnects, as the browser's does
                gevent.sleep(2)

    @task
    def take_part(self) -> None:
        if time.monotonic() >= self.next_submit:
            self.next_submit = time.monotonic() + random.uniform(*SUBMIT_S)
            self._submit()
        elif random.random() < 0.5:
            self.client.get(f"/contests/{PLAN['contest']}", name="/contests/[slug]")
        else:
            self.client.get(
                f"/contests/{PLAN['contest']}/scoreboard", name="/contests/[slug]/scoreboard"
            )

    def _submit(self) -> None:
        spec = random.choices(PLAN["tasks"], weights=WEIGHTS)[0]
        base = f"/contests/{PLAN['contest']}/rounds/{PLAN['round']}/tasks/{spec['label']}"
        page = self.client.get(base, name=f"task page ({spec['type']})")
        if page.status_code != 200:
            return
        data = {"csrf_token": _csrf(page.text)} | _fields(spec, page.text)
        sent = time.time()
        with self.client.post(
            base + "/submit",
            data=data,
            name=f"submit ({spec['type']})",
            allow_redirects=False,
            catch_response=True,
        ) as reply:
            location = reply.headers.get("location", "")
            found = SUBMITTED.search(location)
            if reply.status_code == 303 and found:
                SENT.append((int(found.group(1)), spec["type"], self.username, sent))
                reply.success()
            elif reply.status_code >= 500:
                reply.failure(f"server error {reply.status_code}")
            else:  # refused (throttled, a closed round): recorded, not a server fault
                REFUSED.append((self.username, spec["type"], reply.status_code, location))
                reply.success()
        if found:
            self.client.get(location, name="/submissions/[id]")


@events.test_stop.add_listener
def _write(**_kwargs: Any) -> None:
    with OUT.open("w", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(["submission", "type", "student", "sent_at"])
        writer.writerows(SENT)
    OUT.with_suffix(".client.json").write_text(
        json.dumps({"pages_ms": PAGES, "server_errors": SERVER_ERRORS, "refused": len(REFUSED)})
    )
    if REFUSED:
        with OUT.with_suffix(".refused.csv").open("w", newline="") as out:
            csv.writer(out).writerows(REFUSED)
