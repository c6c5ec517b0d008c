"""The grader backed by the sandboxed judge library (``ictjudge``).

Each task type is graded as the judge's registry says (:mod:`ictjudge.graders`: code tasks by
the code judge, configuration tasks by their lab); the judge's report is normalised into the
platform's rows. Which details a student may see is decided here: messages of sample tests
are visible, hidden tests show only their verdict, time and memory.
"""

from __future__ import annotations

import asyncio
from dataclasses import replace
from pathlib import Path
from typing import Any

from ictarena.settings import Settings
from ictarena.submissions.reports import NormalReport
from ictjudge import containers, graders
from ictjudge.custom import CustomRun, RunJob, run_custom
from ictjudge.errors import JudgeError
from ictjudge.judge import JudgeConfig, Submission
from ictjudge.labs.report import LabReport
from ictjudge.languages import LANGUAGES
from ictjudge.pool import Pool
from ictjudge.sandbox import connect, sweep
from ictjudge.wire import JudgeJob, Progress, Report


def languages() -> dict[str, str]:
    """Language ids the judge runs, with display names."""
    return {lang.id: lang.name for lang in LANGUAGES.values()}


def normalise(report: Report) -> NormalReport:
    runs = [
        {
            "name": run.name,
            "group": run.group,
            "verdict": run.verdict.value,
            "score": run.score or None,  # only validators (score.txt) give tests a score
            "cpu_ms": run.cpu_ms,
            "wall_ms": run.wall_ms,
            "memory_kb": run.memory_kb,
            "exit_code": run.exit_code,
            "signal": run.signal,
            "message": run.message[:2000],
            "visible": run.sample,
        }
        for run in report.runs
    ]
    scale = 100.0 / report.max_score if report.max_score else 1.0
    raw = report.model_dump(mode="json")
    return NormalReport(
        verdict=report.verdict.value,
        score=round(report.score * scale, 6),
        max_score=100.0,
        runs=runs,
        raw=raw,
    )


def normalise_lab(report: LabReport) -> NormalReport:
    """Assessment items become runs; their feedback is meant for the student."""
    runs = [
        {
            "name": item.name,
            "verdict": "AC" if item.passed else "WA",
            "score": item.score,
            "max_score": item.points,
            "message": item.feedback[:2000],
            "visible": True,
        }
        for item in report.items
    ]
    return NormalReport(
        verdict=report.verdict.value,
        score=report.score,
        max_score=report.max_score,
        runs=runs,
        raw=report.model_dump(mode="json"),
    )


class SandboxGrader:
    """Judges through the sandbox library, with a warm pool of sandboxes (``judge_pool_size``
    per shape) made once the engine is reached; :meth:`close` removes it."""

    def __init__(self, settings: Settings, docker_client: Any | None) -> None:
        self.settings = settings
        self._client = docker_client
        self.config = JudgeConfig(docker_url=settings.docker_url)
        containers.set_cpu_weight(settings.judge_cpu_shares)
        self._swept = False
        self._ready = asyncio.Lock()

    def languages(self) -> dict[str, str]:
        return languages()

    async def _docker(self) -> Any:
        async with self._ready:
            if self._client is None:
                self._client = await asyncio.to_thread(connect, self.settings.docker_url)
            if not self._swept:
                await asyncio.to_thread(sweep, self._client)  # containers a crashed worker left
                self._swept = True
                if self.settings.judge_pool_size > 0:
                    pool = Pool(self._client, self.settings.judge_pool_size)
                    self.config = replace(self.config, pool=pool)
        return self._client

    async def close(self) -> None:
        """Stop the pool and remove its sandboxes (those of a crash, the next start sweeps)."""
        pool = self.config.pool
        if pool is not None:
            self.config = replace(self.config, pool=None)
            await asyncio.to_thread(pool.close)

    async def grade(self, job: JudgeJob, dataset_dir: Path, progress: Progress) -> NormalReport:
        client = await self._docker()
        request = graders.GradeRequest(
            dataset_dir, job.language, dict(job.files), client, self.config, progress
        )
        report = await graders.grade(job.task_type, request)
        return normalise_lab(report) if isinstance(report, LabReport) else normalise(report)

    async def run_custom(self, job: RunJob, dataset_dir: Path) -> CustomRun:
        """Compile and run a code task's program once on the student's own input."""
        if job.task_type != "code":
            raise JudgeError(f"{job.task_type!r} tasks do not run programs")
        client = await self._docker()
        submission = Submission(job.language, dict(job.files))
        stdin = job.stdin.encode("utf-8")
        return await run_custom(dataset_dir, submission, stdin, client=client, config=self.config)
