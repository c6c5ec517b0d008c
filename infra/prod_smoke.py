"""The production smoke test's client (run by infra/prod-smoke.sh): everything over https,
through nginx, as a browser would.

The admin makes a cohort; a student registers with its invite code (form, CSRF token, cookie
jar), submits a bundled code task's accepted solution and a bundled network lab's reference
configuration, and follows each submission's events over SSE until its verdict, which must be
AC with full marks. Usage: python infra/prod_smoke.py URL ADMIN_PASSWORD. Exit status 1 with one
line saying what failed, on any failure.
"""

from __future__ import annotations

import re
import secrets
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import httpx
import yaml

ROOT = Path(__file__).resolve().parents[1]
CSRF_RE = re.compile(r'name="csrf_token" value="([^"]+)"')
INVITE_RE = re.compile(r'class="invite">([A-Z0-9]{8})<')
SUBMIT_RE = re.compile(r'action="/tasks/(\d+)/submit[?"]')
VERDICT_TIMEOUT_S = 600


class SmokeFailed(Exception):
    """A step went wrong; the message says which and how."""


@dataclass(frozen=True)
class Entry:
    """A bundled task (its slug is its id) and the accepted solution the student submits."""

    slug: str
    language: str | None
    files: dict[str, str]


def bundled(task: str, solution: str, language: str | None) -> Entry:
    """The files of ``problem_sets/<task>/solutions/<solution>`` (a file or a folder)."""
    folder = ROOT / "problem_sets" / task
    path = folder / "solutions" / solution
    found = sorted(p for p in path.iterdir() if p.is_file()) if path.is_dir() else [path]
    if not found:
        raise SmokeFailed(f"{path}: no solution files")
    slug = str(yaml.safe_load((folder / "task.yaml").read_text())["id"])
    return Entry(slug, language, {p.name: p.read_text() for p in found})


ENTRIES = [
    bundled("programming/subnet-mask", "accepted/subnet.py", "python3"),
    bundled("datacom/static-routing", "accepted/reference", None),
]


def say(message: str) -> None:
    print(f"smoke: {message}", flush=True)


def expect(response: httpx.Response, status: int, what: str) -> httpx.Response:
    if response.status_code != status:
        raise SmokeFailed(
            f"{what}: {response.request.method} {response.request.url.path} answered "
            f"{response.status_code}, expected {status}: {response.text[:300]!r}"
        )
    return response


def csrf(client: httpx.Client, path: str) -> str:
    page = expect(client.get(path), 200, f"the page {path}")
    match = CSRF_RE.search(page.text)
    if match is None:
        raise SmokeFailed(f"the page {path} has no CSRF token")
    return match.group(1)


def log_in(client: httpx.Client, username: str, password: str) -> None:
    token = csrf(client, "/login")
    form = {"username": username, "password": password, "csrf_token": token}
    expect(client.post("/login", data=form), 303, f"logging in as {username}")


def invite_code(client: httpx.Client, admin_password: str) -> str:
    """Log in as admin, make a cohort, return its invite code, log out."""
    log_in(client, "admin", admin_password)
    name = f"Smoke {secrets.token_hex(3)}"
    form = {"name": name, "csrf_token": csrf(client, "/coach")}
    expect(client.post("/coach", data=form), 303, "creating a cohort")
    match = INVITE_RE.search(expect(client.get("/coach"), 200, "the cohorts page").text)
    if match is None:
        raise SmokeFailed("the cohorts page shows no invite code")
    logout = {"csrf_token": csrf(client, "/coach")}
    expect(client.post("/logout", data=logout), 303, "logging out")
    return match.group(1)


def register(client: httpx.Client, code: str) -> str:
    username = f"smoke.{secrets.token_hex(4)}"
    password = secrets.token_urlsafe(16)
    form = {
        "invite_code": code,
        "username": username,
        "display_name": "Smoke Student",
        "password": password,
        "password2": password,
        "csrf_token": csrf(client, "/register"),
    }
    expect(client.post("/register", data=form), 303, "registering a student")
    session = [c for c in client.cookies.jar if c.name == "arena_session"]
    if not session or not session[0].secure:
        raise SmokeFailed("the session cookie is missing or not marked Secure")
    return username


def submit(client: httpx.Client, entry: Entry) -> int:
    page = expect(client.get(f"/tasks/{entry.slug}"), 200, f"the task page of {entry.slug}")
    match = SUBMIT_RE.search(page.text)
    if match is None:
        raise SmokeFailed(f"the task page of {entry.slug} has no submission form")
    body: dict[str, object] = {"task_id": int(match.group(1)), "files": entry.files}
    if entry.language:
        body["language"] = entry.language
    headers = {"X-CSRF-Token": csrf(client, f"/tasks/{entry.slug}")}
    answer = expect(
        client.post("/api/submissions", json=body, headers=headers), 201, f"submitting {entry.slug}"
    )
    return int(answer.json()["id"])


def follow(client: httpx.Client, submission: int) -> int:
    """Follow the submission's events over SSE through the proxy until its final one (or the
    stream's end); return how many events came."""
    path = f"/submissions/{submission}/events"
    events = 0
    timeout = httpx.Timeout(30, read=VERDICT_TIMEOUT_S)
    with client.stream("GET", path, timeout=timeout) as stream:
        if stream.status_code != 200:
            stream.read()
            expect(stream, 200, f"the event stream of submission {submission}")
        kind = stream.headers.get("content-type", "")
        if not kind.startswith("text/event-stream"):
            raise SmokeFailed(f"{path} is {kind!r}, not an event stream")
        for line in stream.iter_lines():
            if line.startswith("event: "):
                events += 1
            if line.startswith("data: ") and '"status": "done"' in line:
                break
    if events == 0:
        raise SmokeFailed(f"{path} ended with no event")
    return events


def verdict(client: httpx.Client, submission: int) -> dict[str, object]:
    follow(client, submission)
    status = expect(client.get(f"/api/submissions/{submission}"), 200, "a submission")
    data: dict[str, object] = status.json()
    if data.get("status") != "done":
        raise SmokeFailed(f"submission {submission}: the stream ended, the status is {data}")
    return data


def main(url: str, admin_password: str) -> None:
    # the stack's certificate may be self-signed: this client checks the chain no further
    with httpx.Client(base_url=url, verify=False, timeout=60) as client:
        started = time.monotonic()
        code = invite_code(client, admin_password)
        username = register(client, code)
        say(f"registered {username} over https ({time.monotonic() - started:.1f} s)")
        for entry in ENTRIES:
            started = time.monotonic()
            submission = submit(client, entry)
            result = verdict(client, submission)
            took = time.monotonic() - started
            if result.get("verdict") != "AC" or result.get("score") != result.get("max_score"):
                raise SmokeFailed(
                    f"{entry.slug}: submission {submission} got {result.get('verdict')} "
                    f"{result.get('score')}/{result.get('max_score')}, expected AC with full marks"
                )
            say(f"{entry.slug}: submission {submission} judged AC in {took:.1f} s")


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit("usage: python infra/prod_smoke.py URL ADMIN_PASSWORD")
    try:
        main(sys.argv[1], sys.argv[2])
    except (SmokeFailed, httpx.HTTPError) as exc:
        sys.exit(f"smoke: FAILED: {exc}")
