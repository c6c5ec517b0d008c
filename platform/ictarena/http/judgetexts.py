"""The judge's words in the reader's language.

A judge report carries a check's title as ``{en, zh}`` and feedback as notes: a message key
(the English message, in the catalogue) with parameters, or a task's own ``{en, zh}`` text
(see :mod:`ictjudge.texts`). Here they become text in the current locale. Reports stored
before titles and notes existed carry plain English strings; they show as they are.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from ictarena import i18n


def _chinese() -> bool:
    return i18n.current_locale.get() == "zh_Hans"


def text(value: Any) -> str:
    """A plain string as it is; ``{en, zh}`` in the reader's language."""
    if isinstance(value, dict):
        chosen = value.get("zh") if _chinese() else value.get("en")
        return str(chosen or value.get("en") or "")
    return "" if value is None else str(value)


def _param(value: Any) -> Any:
    if isinstance(value, dict) and ("key" in value or "text" in value):
        return note(value)
    if isinstance(value, dict):
        return text(value)
    if isinstance(value, list):
        separator = "、" if _chinese() else ", "
        return separator.join(f"“{_param(v)}”" for v in value)
    return value


def note(value: Any) -> str:
    """One note of a report in the reader's language."""
    if not isinstance(value, dict):
        return text(value)
    if value.get("text") is not None:
        return text(value["text"])
    key = str(value.get("key") or "")
    params = value.get("params") if isinstance(value.get("params"), dict) else {}
    translated = i18n.gettext(key) if key else ""
    try:
        return translated % {k: _param(v) for k, v in params.items()} if params else translated
    except (KeyError, ValueError, TypeError):
        return translated


def notes(values: Iterable[Any], separator: str = " ") -> str:
    return separator.join(t for t in (note(v) for v in values) if t)


def localise_runs(
    runs: list[dict[str, Any]], visible: list[bool], raw: dict[str, Any]
) -> list[dict[str, Any]]:
    """The platform's runs (as :meth:`SubmissionStatus.to_json` gives them) with each visible
    run's name and message taken from the judge's report in the reader's language. Runs and
    the report's ``items`` (labs) or ``runs`` (code) are in the same order."""
    source = raw.get("items") if isinstance(raw.get("items"), list) else raw.get("runs")
    if not isinstance(source, list) or not len(source) == len(runs) == len(visible):
        return runs
    shown = []
    for given, seen, entry in zip(runs, visible, source, strict=True):
        run = dict(given)
        if isinstance(entry, dict) and seen:
            if entry.get("title"):
                run["name"] = text(entry["title"])
            if entry.get("notes"):
                run["message"] = notes(entry["notes"])
            elif entry.get("note"):
                run["message"] = note(entry["note"])
        shown.append(run)
    return shown


def judge_message(raw: dict[str, Any]) -> str:
    """The report's message about the submission as a whole, in the reader's language."""
    if isinstance(raw.get("notes"), list) and raw["notes"]:
        return notes(raw["notes"], "\n").strip()
    return str(raw.get("message") or "").strip()
