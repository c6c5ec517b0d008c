"""A scripted grader for pipeline tests.

The verdict is written in the source, e.g. ``verdict=WA`` (inverted on datasets holding a
``flip`` file); ``sleep=2.5`` makes it slow, ``sleep0=30`` slow on the first attempt only, and
``fail=3`` makes the first three attempts fail like an unreachable Docker engine, and
``hold=/some/file`` keeps it grading while that file exists. Judging itself is tested against
the real engine in tests/judge."""

from __future__ import annotations

import asyncio
import re
from collections import Counter
from pathlib import Path

from ictarena.settings import Settings
from ictarena.submissions.reports import NormalReport
from ictjudge.wire import JudgeJob, JudgeProgress, Progress

CALLS: Counter[int] = Counter()


class ScriptedGrader:
    def __init__(self, settings: Settings | None = None, tests: int = 3) -> None:
        self.tests = tests

    def languages(self) -> dict[str, str]:
        return {"cpp": "C++17", "python3": "Python 3"}

    async def grade(self, job: JudgeJob, dataset_dir: Path, progress: Progress) -> NormalReport:
        CALLS[job.judging_id] += 1
        source = "\n".join(job.files.values())
        fail = re.search(r"fail=(\d+)", source)
        if fail and CALLS[job.judging_id] <= int(fail.group(1)):
            raise ConnectionError("Docker engine unreachable (scripted)")
        sleep = re.search(r"sleep=([\d.]+)", source)
        if job.attempt == 0 and not sleep:
            sleep = re.search(r"sleep0=([\d.]+)", source)
        await progress(JudgeProgress(stage="compiling"))
        hold = re.search(r"hold=(\S+)", source)
        while hold and Path(hold.group(1)).exists():  # noqa: ASYNC110 - set by another process
            await asyncio.sleep(0.05)
        found = re.search(r"verdict=(\w+)", source)
        verdict = found.group(1) if found else "AC"
        if (dataset_dir / "flip").exists():  # a dataset version on which verdicts invert
            verdict = {"AC": "WA", "WA": "AC"}.get(verdict, verdict)
        runs = []
        for k in range(1, self.tests + 1):
            await progress(JudgeProgress(stage="running", test=k, total=self.tests))
            if sleep:
                await asyncio.sleep(float(sleep.group(1)) / self.tests)
            run_verdict = "AC" if verdict == "AC" or k < self.tests else verdict
            runs.append(
                {"name": f"{k:02d}", "verdict": run_verdict, "cpu_ms": 1.0, "visible": k == 1}
            )
        score = 100.0 if verdict == "AC" else 0.0
        return NormalReport(verdict, score, 100.0, runs, {"grader": "scripted"})


def factory(settings: Settings) -> ScriptedGrader:
    return ScriptedGrader(settings)
