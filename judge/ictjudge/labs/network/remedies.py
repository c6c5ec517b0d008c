"""For coaches: each intent of a VRP lab with the commands that would make the student's
configuration meet it (:func:`~ictjudge.labs.network.vrp.intents.fix`). Never for students: the
commands give the answer away, so the report carries only each intent's title and outcome.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError

from ictjudge.labs.network.spec import NetworkLab
from ictjudge.labs.network.submission import collect
from ictjudge.labs.network.vrp.intents import IntentError, evaluate, fix
from ictjudge.texts import Text


@dataclass(frozen=True)
class Remedy:
    """One intent: its title, the device, whether it holds, and what would make it hold."""

    title: Text
    device: str
    passed: bool
    commands: str  # empty when it holds, or when the configuration does not parse


def remedies(lab: Mapping[str, Any], files: Mapping[str, str]) -> list[Remedy]:
    """Every intent of the lab, in order, on the submitted files (none for a lab section that
    does not validate)."""
    try:
        spec = NetworkLab.model_validate(lab)
    except ValidationError:
        return []
    configs = collect(spec, {k: v for k, v in files.items() if isinstance(v, str)}).configs
    out: list[Remedy] = []
    for check in spec.checks:
        intent = check.intent
        if intent is None:
            continue
        (held,) = evaluate([intent], configs)
        try:
            commands = "" if held.passed else fix(intent, configs.get(intent.device, ""))
        except IntentError:
            commands = ""
        out.append(Remedy(held.title, intent.device, held.passed, commands))
    return out
