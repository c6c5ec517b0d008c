"""The driver's result as a :class:`LabReport`: one item per check, and per host what its
scripts returned and printed last (for debugging)."""

from __future__ import annotations

from typing import Any

from ictjudge.errors import RunnerFailure
from ictjudge.labs.network.outcome import found
from ictjudge.labs.report import HostOutput, ItemResult, LabReport
from ictjudge.labs.service.spec import Check, ServiceLab
from ictjudge.texts import N_, Note, note, said
from ictjudge.wire import Verdict

MEMORY_MB = 768  # the lab container's memory limit
STAGES = ("network", "boot", "scripts", "checks")


def not_run(lab: ServiceLab, reason: Note) -> list[ItemResult]:
    """Every item failed without being checked (the lab did not run)."""
    return [
        ItemResult(
            name=c.name, title=c.title, passed=False, points=c.points, score=0, notes=[reason]
        )
        for c in lab.checks
    ]


def report(lab: ServiceLab, out: dict[str, Any], total_ms: float) -> LabReport:
    """The report of a lab that ran; a task whose own setup fails is the judge's failure."""
    if "error" in out:
        raise RunnerFailure(f"the service lab could not be built: {out['error']}")
    scripts = [s for s in out.get("scripts") or [] if isinstance(s, dict)]
    for script in scripts:
        if (
            script.get("setup")
            and script.get("boot") == 1
            and (script.get("timed_out") or script.get("exit") != 0)
        ):
            how = "ran too long" if script.get("timed_out") else f"exited with {script.get('exit')}"
            said = str(script.get("output"))[-800:]
            raise RunnerFailure(f"the task's setup of {script.get('host')} {how}: {said}")
    results = out.get("items")
    if not isinstance(results, list) or len(results) != len(lab.checks):
        raise RunnerFailure("the lab driver returned no result per check")
    items = [
        _item(check, r if isinstance(r, dict) else {})
        for check, r in zip(lab.checks, results, strict=True)
    ]
    notes: list[Note] = []
    late = [s for s in scripts if not s.get("setup") and s.get("timed_out")]
    failure: Verdict | None = None
    for script in late:
        notes.append(
            note(
                N_(
                    "Your script for %(host)s was still running after %(seconds)s s and was "
                    "stopped (a command that never ends: start services in the background, or "
                    "let them fork)."
                ),
                host=str(script.get("host")),
                seconds=f"{lab.time_s:g}",
            )
        )
    for script in scripts:
        if not script.get("setup") and not script.get("timed_out") and script.get("exit"):
            notes.append(
                note(
                    N_("Your script for %(host)s exited with status %(code)s."),
                    host=str(script.get("host")),
                    code=int(script["exit"]),
                )
            )
    for event in out.get("events") or []:
        if isinstance(event, dict) and isinstance(event.get("action"), dict):
            action = event["action"]
            notes.append(note(
                N_("Before a check, the lab could not %(action)s %(host)s: %(error)s"),
                action=str(action.get("kind")), host=str(action.get("host") or ""),
                error=str(event.get("error"))[:300],
            ))  # fmt: skip
        if isinstance(event, dict) and event.get("kind") == "processes":
            notes.append(
                note(
                    N_(
                        "%(host)s ran too many processes at once (%(count)s, a fork bomb?) and was "
                        "switched off, so that the rest of the lab could go on."
                    ),
                    host=str(event.get("host")),
                    count=int(event.get("count") or 0),
                )
            )
    timing = _timing(out, total_ms)
    for check, result in zip(lab.checks, results, strict=True):
        if isinstance(result, dict) and isinstance(result.get("ms"), int | float):
            timing[f"check.{check.id}_ms"] = float(result["ms"])  # its actions included
    done = LabReport.from_items(items, notes, timing)
    outputs = _outputs(out)
    if late:
        zeroed = [item.model_copy(update={"score": 0.0}) for item in done.items]
        failure = Verdict.TLE
        done = done.model_copy(update={"verdict": failure, "score": 0.0, "items": zeroed})
    return done.model_copy(update={"outputs": outputs})


def _item(check: Check, result: dict[str, Any]) -> ItemResult:
    passed = bool(result.get("ok"))
    notes = [found(result)] if result.get("key") or result.get("detail") else []
    if not passed:
        notes += said(check.feedback)
    return ItemResult(
        name=check.name,
        title=check.title,
        passed=passed,
        points=check.points,
        score=check.points if passed else 0,
        notes=notes,
    )


def _outputs(out: dict[str, Any]) -> list[HostOutput]:
    """What each student script returned and printed last; the hidden setups' outputs only
    when they failed (a restart after the student's changes)."""
    shown: list[HostOutput] = []
    for script in [*(out.get("scripts") or []), *(out.get("python") or [])]:
        if not isinstance(script, dict):
            continue
        failed = script.get("timed_out") or script.get("exit") not in (0, None)
        if script.get("setup") and not failed:
            continue
        shown.append(
            HostOutput(
                host=str(script.get("host", "")),
                script="setup" if script.get("setup") else str(script.get("script", "")),
                exit=script.get("exit") if isinstance(script.get("exit"), int) else None,
                timed_out=bool(script.get("timed_out")),
                running=bool(script.get("running")),
                output=str(script.get("output", ""))[-4000:],
            )
        )
    return shown


def _timing(out: dict[str, Any], total_ms: float) -> dict[str, float]:
    given = out.get("timings") or {}
    timing = {f"{s}_ms": float(given[f"{s}_ms"]) for s in STAGES if f"{s}_ms" in given}
    driver = float(given.get("driver_ms", 0.0))
    timing["container_ms"] = max(0.0, total_ms - driver)
    timing["total_ms"] = total_ms
    return timing
