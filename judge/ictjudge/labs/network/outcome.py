"""The driver's result as a :class:`LabReport`: one item per assessment item, the student's
configuration errors located by device and line, and the time each stage took."""

from __future__ import annotations

from typing import Any

from ictjudge.errors import RunnerFailure
from ictjudge.labs.network.dialect import LineProblem, Translation, vtysh_problems
from ictjudge.labs.network.job import driven
from ictjudge.labs.network.nftables import problems as nft_problems
from ictjudge.labs.network.spec import Check, NetworkLab
from ictjudge.labs.network.submission import FileProblem, Submission, conf_file, nft_file
from ictjudge.labs.network.vrp.intents import evaluate
from ictjudge.labs.network.vrp.live import READS
from ictjudge.labs.report import ItemResult, LabReport
from ictjudge.texts import N_, Note, Text, note, said
from ictjudge.wire import Verdict

FD_LIMIT = 256  # set by the lab driver (--limit-fds)
MEMORY_MB = 768  # the lab container's memory limit (ictjudge.labs.network)
STAGES = ("topology", "check", "daemons", "apply", "convergence", "checks", "reads")
SIGNALS = {6: "SIGABRT", 9: "SIGKILL (out of memory?)", 11: "SIGSEGV", 15: "SIGTERM"}


def not_run(lab: NetworkLab, reason: Note) -> list[ItemResult]:
    """Every item failed without being checked (the lab did not run)."""
    return [
        ItemResult(
            name=c.name, title=c.title, passed=False, points=c.points, score=0, notes=[reason]
        )
        for c in lab.checks
    ]


def refused(
    lab: NetworkLab, problems: list[FileProblem], timing: dict[str, float] | None = None
) -> LabReport:
    """CE: the submission has errors found before or by FRR's syntax check; nothing was run."""
    message = [note(N_("Your configuration was not applied:")), _listed(problems[:50])]
    if len(problems) > 50:
        message.append(note(N_("… and %(count)s more."), count=len(problems) - 50))
    items = not_run(
        lab, note(N_("Not checked: the configuration has errors (see the message above)."))
    )
    return LabReport.from_items(items, message, timing, Verdict.CE)


def report(
    lab: NetworkLab,
    submission: Submission,
    translations: dict[str, Translation],
    out: dict[str, Any],
    total_ms: float,
) -> LabReport:
    """The report of a lab that ran (or stopped at the syntax check)."""
    if "error" in out:
        raise RunnerFailure(f"the network lab could not be built: {out['error']}")
    timing = _timing(out, total_ms)
    syntax = _problems(lab, submission, translations, out.get("dryrun", {}), failed_only=True)
    if syntax:
        return refused(lab, syntax, timing)
    notes: list[Note] = []
    said = _problems(lab, submission, translations, out.get("apply", {}), failed_only=False)
    skipped = [p for p in said if p.problem.line]
    if skipped:
        notes += [note(N_("FRR refused some lines (the rest was applied):")), _listed(skipped[:30])]
    warnings = sorted({str(p) for p in said if not p.problem.line})
    if warnings:
        notes += [note(N_("FRR's warnings:")), _listed(warnings[:10])]
    failure: Verdict | None = None
    crashes = out.get("crashes") or []
    if crashes:
        failure = Verdict.RE
        key = N_(
            "(Each daemon may hold %(files)s open files and connections, and the whole lab "
            "%(memory)s MiB of memory.)"
        )
        notes += [
            note(N_("A routing daemon stopped while the lab ran:")),
            _listed([_crash(crash) for crash in crashes]),
            note(key, files=FD_LIMIT, memory=MEMORY_MB),
        ]
    converge = out.get("converge") or {}
    if converge.get("reason") == "deadline":
        key = N_(
            "The routers were still changing after %(seconds)s s; the items were checked in "
            "the state they had then."
        )
        notes.append(note(key, seconds=f"{lab.converge_s:g}"))
    results = out.get("items")
    if not isinstance(results, list) or len(results) != len(driven(lab)):
        raise RunnerFailure("the lab driver returned no result per item")
    items: list[ItemResult] = []
    passed: dict[str, bool] = {}
    names = {check.id: check.title or Text(en=check.id, zh=check.id) for check in lab.checks}
    for check, result in zip(lab.checks, _results(lab, submission, results), strict=True):
        missing = [names[needed] for needed in check.requires if not passed.get(needed)]
        items.append(_item(check, result, missing))
        passed[check.id] = items[-1].passed
    done = LabReport.from_items(items, notes, timing, failure)
    return done.model_copy(update={"live": _live(out.get("live"))})


def _results(lab: NetworkLab, submission: Submission, driver: list[Any]) -> list[dict[str, Any]]:
    """Every item's result in the lab's order: the driver's, and each intent's read from the
    device's submitted configuration (only whether it holds: never the lines it looks for)."""
    given = iter(driver)
    out: list[dict[str, Any]] = []
    for check in lab.checks:
        if check.intent is None:
            result = next(given)
            out.append(result if isinstance(result, dict) else {})
        else:
            (held,) = evaluate([check.intent], submission.configs)
            out.append({"ok": held.passed})
    return out


def _live(reads: Any) -> dict[str, dict[str, str]]:
    """Each device's live reads as the driver returned them, the known reads only."""
    if not isinstance(reads, dict):
        return {}
    return {
        str(device): {k: v for k, v in outputs.items() if k in READS and isinstance(v, str)}
        for device, outputs in reads.items()
        if isinstance(outputs, dict)
    }


def _listed(lines: list[Any]) -> Note:
    """Lines the tools wrote (located errors), one a line, as they are."""
    text = "\n".join(f"- {line}" for line in lines) or "-"
    return Note(text=Text(en=text, zh=text))


def _item(check: Check, result: dict[str, Any], missing: list[Text]) -> ItemResult:
    """An item's result; it does not count while an item it requires has failed."""
    passed = bool(result.get("ok"))
    notes = [found(result)] if result.get("key") or result.get("detail") else []
    if passed and missing:
        passed = False
        notes.append(note(N_("This counts only once these pass: %(items)s."), items=missing))
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


def found(result: dict[str, Any]) -> Note:
    """What the lab driver found for an item: a message key with parameters (a parameter may
    be a message itself); a driver that gives only a ``detail`` text is shown as it wrote it."""
    key, params = result.get("key"), result.get("params")
    if isinstance(key, str) and key and isinstance(params, dict):
        return _message(key, params)
    detail = str(result.get("detail", ""))[:1000] or "-"
    return Note(text=Text(en=detail, zh=detail))


def _message(key: str, params: dict[str, Any], depth: int = 0) -> Note:
    values: dict[str, Any] = {}
    for name, value in params.items():
        if isinstance(value, str):
            values[str(name)] = value[:1000]
        elif isinstance(value, int | float) and not isinstance(value, bool):
            values[str(name)] = value
        elif isinstance(value, dict) and isinstance(value.get("key"), str) and depth < 2:
            inner = value.get("params")
            values[str(name)] = _message(
                value["key"], inner if isinstance(inner, dict) else {}, depth + 1
            )
        else:
            values[str(name)] = str(value)[:1000]
    return Note(key=key[:300], params=values)


def _problems(
    lab: NetworkLab,
    submission: Submission,
    translations: dict[str, Translation],
    outputs: dict[str, Any],
    failed_only: bool,
) -> list[FileProblem]:
    """FRR's and nft's complaints about the files the student submitted, located; with
    ``failed_only``, only from a check that failed (not its warnings)."""
    found: list[FileProblem] = []
    for name, device in lab.devices.items():
        parts = outputs.get(name) or {}
        conf, nft = parts.get("conf") or {}, parts.get("nft") or {}
        if not device.editable:
            if conf.get("code", 0) != 0 or nft.get("code", 0) != 0:
                said = str(conf.get("output", "")) + str(nft.get("output", ""))
                raise RunnerFailure(f"the task's own configuration of {name} fails: {said[:500]}")
            continue
        failed = conf.get("code", 0) != 0
        if failed or (not failed_only and str(conf.get("output", "")).strip()):
            output = str(conf.get("output", ""))
            problems = vtysh_problems(output, translations[name], submission.configs[name])
            if failed and not problems:
                problems = [LineProblem(0, f"FRR refused the file (exit status {conf['code']})")]
            found += [FileProblem(conf_file(name), problem) for problem in problems]
        if nft.get("code", 0) != 0:
            made = translations[name].ruleset
            text = made or submission.rulesets.get(name) or ""
            said_nft = nft_problems(str(nft.get("output", "")), text)
            if made:  # the ruleset was translated from the ACLs and NAT: no line of the student's
                found += [
                    FileProblem(conf_file(name), LineProblem(0, f"ACL or NAT rules: {p.message}"))
                    for p in said_nft
                ]
            else:
                found += [FileProblem(nft_file(name), problem) for problem in said_nft]
    return found


def _crash(crash: dict[str, Any]) -> str:
    code = int(crash.get("code", 0))
    how = f"signal {SIGNALS.get(-code, -code)}" if code < 0 else f"exit status {code}"
    return f"{crash.get('daemon')} on {crash.get('device')} ({how})"


def _timing(out: dict[str, Any], total_ms: float) -> dict[str, float]:
    given = out.get("timings") or {}
    timing = {
        f"{stage}_ms": float(given[f"{stage}_ms"]) for stage in STAGES if f"{stage}_ms" in given
    }
    driver = float(given.get("driver_ms", 0.0))
    timing["container_ms"] = max(0.0, total_ms - driver)
    timing["total_ms"] = total_ms
    return timing
