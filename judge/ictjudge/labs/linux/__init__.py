"""Grading Linux operations tasks (``type: linux``): a student's shell script against the end
state it leaves, one assessment item per check.

The script runs as root in a locked-down lab container after the task's hidden setup; the
checks then run in a second, fresh container of the same read-only image that receives only
the files the script left (see :mod:`ictjudge.labs.linux.machine` for why this is safe against a
script that tampers with the check tools, leaves processes behind or plants symbolic links).
The check container gathers facts; whether each check passed is decided here, on the host
(:mod:`ictjudge.labs.linux.evaluation`).

Verdicts: AC when every item passes, PA when some do, WA when none do. A script that runs past
its time limit (TLE), prints more than its output limit or leaves more files than the lab
holds (OLE) fails as a whole: its items are still checked and shown, but it scores nothing.

The package:

- :mod:`.spec` — the models of the ``lab`` section (the lab, its checks);
- :mod:`.machine` — the two containers: the student's system, then the trusted check system;
- :mod:`.probes` — what the check container is asked to gather for each check;
- :mod:`.accounts`, :mod:`.crontab`, :mod:`.acl` — reading users, groups, cron tables and ACLs;
- :mod:`.evaluation` — deciding, from the gathered facts, whether each check passed
  (:mod:`.services`, :mod:`.system`, worded by :mod:`.feedback`);
- :mod:`.driver` — the programs that run inside the two containers (copied into the
  ``linux-lab`` image).

Everything but :mod:`.machine` and this module's grading is pure and runs without Docker.
"""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

from ictjudge.errors import RunnerFailure
from ictjudge.labs import AnswerFile
from ictjudge.labs.linux import machine
from ictjudge.labs.linux.evaluation import Context, evaluate
from ictjudge.labs.linux.feedback import excerpt
from ictjudge.labs.linux.probes import check_job
from ictjudge.labs.linux.spec import LinuxLab
from ictjudge.labs.report import ItemResult, LabReport
from ictjudge.texts import N_, note
from ictjudge.wire import Verdict

LAB_MODEL = LinuxLab
ANSWER = "answer.sh"
STARTER = "#!/bin/bash\n# Runs as root on the lab server. Write the commands that do the task.\n"


def answer_files(lab: LinuxLab) -> list[AnswerFile]:
    return [AnswerFile(ANSWER, "Shell script (bash, runs as root)", "shell", STARTER)]


def image_tag(lab: LinuxLab) -> str:
    return f"ictarena/{lab.image}:latest"


def lab_path(path: str) -> str:
    """``lab/setup.sh`` as written, or a bare ``setup.sh`` meaning the same file."""
    return path if path.startswith("lab/") else f"lab/{path}"


def _setup(root: Path, lab: LinuxLab) -> str | None:
    if lab.setup is None:
        return None
    path = root / lab_path(lab.setup)
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        where = lab_path(lab.setup)
        raise RunnerFailure(f"the task's setup script {where} is unusable: {exc}") from exc


def _limit_failure(student: dict[str, Any], lab: LinuxLab) -> tuple[Verdict | None, str]:
    if student.get("timed_out"):
        return Verdict.TLE, (
            f"Your script was still running after {lab.time_s:g} s and was stopped. A command "
            "that never ends (a daemon started in the foreground, a sleep, a prompt waiting "
            "for input) keeps a script from finishing: start services with & or let them fork."
        )
    if student.get("output_exceeded"):
        return Verdict.OLE, (
            f"Your script printed more than {lab.output_kb} KiB and was stopped "
            f"({student.get('output_bytes', 0)} bytes)."
        )
    return None, ""


def _notes(student: dict[str, Any], lab: LinuxLab) -> list[str]:
    notes = []
    code, signal = student.get("exit"), student.get("signal")
    output = str(student.get("output", ""))
    if signal and not student.get("timed_out") and not student.get("output_exceeded"):
        notes.append(f"Your script was killed by signal {signal}.")
    elif isinstance(code, int) and code != 0:
        notes.append(f"Your script exited with status {code}.")
    if notes and output.strip():
        tail = output.strip()[-800:]
        notes.append(f"Its last output: {tail}")
    oom = student.get("oom_kills")
    if isinstance(oom, int) and oom > 0:
        notes.append(
            f"{oom} of its processes ran out of memory (the lab has {lab.memory_mb} MiB) "
            "and were killed."
        )
    return notes


def grade_sync(client: Any, root: Path, lab: LinuxLab, script: str) -> LabReport:
    lab_job = {
        "setup": _setup(root, lab),
        "script": script,
        "time_s": lab.time_s,
        "setup_s": machine.SETUP_S,
        "output_bytes": lab.output_kb * 1024,
    }
    try:
        run = machine.run(client, image_tag(lab), lab, lab_job, check_job(lab))
    except machine.StateTooLarge as exc:
        items = [
            ItemResult(
                name=check.name,
                title=check.title,
                passed=False,
                points=check.points,
                score=0,
                notes=[note(N_("Not checked: the files your script left are too large."))],
            )
            for check in lab.checks
        ]
        message = f"Your script left too many files behind ({exc}) to be checked."
        return LabReport.from_items(items, message, failure=Verdict.OLE)
    setup = run.lab.get("setup")
    if isinstance(setup, dict):
        said = excerpt(str(setup.get("output", "")), 1500)
        how = "ran too long" if setup.get("timed_out") else f"exited with {setup.get('exit')}"
        raise RunnerFailure(f"the task's setup script {how}: {said}")
    assert run.checks is not None
    student = run.lab.get("student") if isinstance(run.lab.get("student"), dict) else {}
    assert isinstance(student, dict)
    context = Context.from_report(run.checks)
    items = [evaluate(check, context) for check in lab.checks]
    failure, message = _limit_failure(student, lab)
    notes = [message] if message else []
    notes += _notes(student, lab)
    boot = run.checks.get("boot")
    if isinstance(boot, dict) and (boot.get("exit") != 0 or boot.get("timed_out")):
        said = str(boot.get("stderr") or boot.get("stdout") or "").strip()
        notes.append(
            f"At start-up the lab ran `{lab.boot}`, and it failed"
            + (f": {excerpt(said, 600)}" if said else ".")
        )
    extract = run.checks.get("extract") or {}
    if extract.get("exit") not in (0, None):
        notes.append(
            "Some of the files your script left could not be carried over to the checks: "
            + excerpt(str(extract.get("errors", "")), 400)
        )
    report = LabReport.from_items(items, "\n".join(notes), run.timing)
    if failure is not None:
        zeroed = [item.model_copy(update={"score": 0.0}) for item in report.items]
        report = report.model_copy(update={"verdict": failure, "score": 0.0, "items": zeroed})
    return report


async def grade(client: Any, root: Path, lab: LinuxLab, files: dict[str, str]) -> LabReport:
    """The submission is one shell script (several files are joined in name order)."""
    script = "\n".join(files[name] for name in sorted(files))
    return await asyncio.to_thread(grade_sync, client, root, lab, script)
