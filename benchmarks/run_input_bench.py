"""Run on my input: the time from the Run request to its result, for a Python and a C++ A+B,
against a full judged submission of the same program measured in the same run (the baseline:
from the submit request to the recorded verdict, on a 10-test dataset).

Embedded mode in this process (the app through an ASGI transport, SQLite in a temporary
directory, the in-process queue, the real Docker sandbox), so both paths share everything but
what differs: a run compiles and runs once and stores nothing; a submission is stored, queued,
compiled, run on every test, checked and recorded.

Usage: .venv/bin/python benchmarks/run_input_bench.py [--repeat 7]
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import json
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

import httpx
from sqlalchemy import select

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from ictarena import migrate  # noqa: E402
from ictarena.accounts import services  # noqa: E402
from ictarena.accounts.models import Role  # noqa: E402
from ictarena.catalog.models import Dataset  # noqa: E402
from ictarena.db import Database  # noqa: E402
from ictarena.http.app import create_app  # noqa: E402
from ictarena.settings import load_settings  # noqa: E402
from ictarena.submissions.models import Judging  # noqa: E402
from ictarena.workers.grader import connect_docker  # noqa: E402
from ictarena.workers.queue import InProcessQueue  # noqa: E402
from ictjudge import images  # noqa: E402
from tests.arena.pipeline.conftest import make_code_task  # noqa: E402

PASSWORD = "correct horse battery staple 42"
CSRF_RE = re.compile(r'name="csrf_token" value="([^"]+)"|csrf_token=([^"&]+)')
PROGRAMS = {
    "python3": "a, b = map(int, input().split())\nprint(a + b)\n",
    "cpp": "#include <iostream>\nint main(){long long a,b;std::cin>>a>>b;std::cout<<a+b<<'\\n';}\n",
}
TESTS = 10


def write_dataset(tasks_dir: Path) -> str:
    """A 10-test A+B dataset stored under its content hash; returns the hash."""
    tests = []
    files: dict[str, bytes] = {}
    for i in range(TESTS):
        files[f"tests/{i}.in"] = f"{i} {i * 7}\n".encode()
        files[f"tests/{i}.ans"] = f"{i * 8}\n".encode()
        tests.append({"name": str(i), "input": f"tests/{i}.in", "answer": f"tests/{i}.ans"})
    manifest = {"root": {"name": "root", "tests": tests}, "limits": {"time_s": 1}}
    files["dataset.json"] = json.dumps(manifest).encode()
    digest = hashlib.sha256(files["dataset.json"]).hexdigest()
    for name, data in files.items():
        path = tasks_dir / digest / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    return digest


async def token(http: httpx.AsyncClient, path: str) -> str:
    match = CSRF_RE.search((await http.get(path)).text)
    assert match, f"no CSRF token on {path}"
    return match.group(1) or match.group(2)


async def measure(repeat: int) -> dict[str, dict[str, list[float]]]:
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp)
        settings = load_settings(
            data_dir=data,
            secret_key="bench",
            runs_per_minute=1000,
            submissions_per_minute=1000,
        )
        await asyncio.to_thread(migrate.upgrade, settings.db_url)
        db = Database.from_url(settings.db_url)
        async with db.session() as session:
            await services.create_user(session, "bench", PASSWORD, Role.STUDENT)
            fixture = await make_code_task(session, settings.tasks_dir)
            dataset = await session.get(Dataset, fixture.dataset.id)
            assert dataset is not None
            dataset.content_hash = write_dataset(settings.tasks_dir)
            await session.commit()
            task_id = fixture.task.id
        client = connect_docker(settings)
        assert client is not None, "the Docker engine does not answer"
        images.build_all(client, lambda message: None)
        queue = InProcessQueue()
        app = create_app(
            settings, database=db, queue=queue, docker_client=client, sweep_every_s=None
        )
        figures: dict[str, dict[str, list[float]]] = {}
        transport = httpx.ASGITransport(app=app)
        async with (
            app.router.lifespan_context(app),
            httpx.AsyncClient(transport=transport, base_url="http://bench", timeout=120) as http,
        ):
            login = await token(http, "/login")
            await http.post(
                "/login", data={"username": "bench", "password": PASSWORD, "csrf_token": login}
            )
            csrf = await token(http, "/tasks/aplusb")
            for language, source in PROGRAMS.items():
                runs, judged = [], []
                form = {"language": language, "source": source, "csrf_token": csrf}
                for attempt in range(repeat + 1):  # the first of each is a warm-up
                    started = time.perf_counter()
                    ran = await http.post(
                        f"/tasks/{task_id}/run",
                        data={**form, "stdin": "40 2\n"},
                        headers={"X-Arena-Partial": "1"},
                    )
                    run_ms = (time.perf_counter() - started) * 1000
                    assert ran.status_code == 200 and "42\n</pre>" in ran.json()["html"], ran.text
                    started = time.perf_counter()
                    sent = await http.post(f"/tasks/{task_id}/submit", data=form)
                    assert sent.status_code == 303, sent.text
                    await queue.join()  # the judging has run and its verdict is recorded
                    judge_ms = (time.perf_counter() - started) * 1000
                    if attempt:
                        runs.append(run_ms)
                        judged.append(judge_ms)
                async with db.session() as session:
                    verdicts = set((await session.scalars(select(Judging.verdict))).all())
                assert {str(v) for v in verdicts} == {"AC"}, verdicts
                figures[language] = {"run": runs, "judged": judged}
        await db.dispose()
        client.close()
        return figures


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    figures = asyncio.run(measure(args.repeat))
    print(f"median of {args.repeat} (after one warm-up each), embedded mode, real sandbox")
    print("| program | Run on my input, request to result | judged submission (baseline) | ratio |")
    print("|---|---|---|---|")
    names = {"python3": "Python 3 A+B", "cpp": "C++ A+B"}
    for language, values in figures.items():
        run, judged = statistics.median(values["run"]), statistics.median(values["judged"])
        print(
            f"| {names[language]} | {run:.0f} ms | {judged:.0f} ms ({TESTS} tests) "
            f"| {run / judged:.2f} |"
        )


if __name__ == "__main__":
    main()
