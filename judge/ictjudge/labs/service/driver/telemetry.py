"""What MQTT clients saw, judged: a subscription's message against the conditions asked, a
device's telemetry (counts, intervals, JSON fields), and a replayed trace's output against the
expected list. Pure functions (no client, no network): see :mod:`.mqtt` for the clients."""

from __future__ import annotations

import itertools
import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ...network.driver.messages import N_, said


@dataclass
class Message:
    topic: str
    payload: str
    qos: int
    retained: bool
    at: float


def wanted(check: dict[str, Any], message: Message) -> bool:
    pattern = check.get("message")
    if pattern is not None and re.search(pattern, message.payload) is None:
        return False
    if check.get("retained") is not None and message.retained != check["retained"]:
        return False
    return check.get("qos") is None or message.qos == check["qos"]


def judge_stream(check: dict[str, Any], messages: list[Message]) -> dict[str, Any]:
    count, seconds = len(messages), f"{float(check['duration_s']):g}"
    low, high = check.get("min_messages"), check.get("max_messages")
    if low is not None and count < low:
        return said(
            False,
            N_("%(count)s message(s) in %(seconds)s s, at least %(wanted)s expected"),
            count=count,
            seconds=seconds,
            wanted=low,
        )
    if high is not None and count > high:
        return said(
            False,
            N_("%(count)s message(s) in %(seconds)s s, at most %(wanted)s expected"),
            count=count,
            seconds=seconds,
            wanted=high,
        )
    interval = check.get("interval_s")
    if interval:
        gaps = [b.at - a.at for a, b in itertools.pairwise(messages)]
        wrong = [g for g in gaps if not interval[0] <= g <= interval[1]]
        if wrong:
            return said(
                False,
                N_("messages %(gap)s s apart, expected between %(low)s and %(high)s s"),
                gap=f"{wrong[0]:.2f}",
                low=f"{interval[0]:g}",
                high=f"{interval[1]:g}",
            )
    previous: dict[str, float] = {}
    for message in messages:
        problem = json_problem(check.get("json"), message.payload)
        problem = problem or _increasing(check.get("increasing") or [], message.payload, previous)
        if problem is not None:
            return said(
                False,
                N_("a message on %(topic)s: %(problem)s"),
                topic=message.topic,
                problem=problem,
            )
    return said(True, N_("%(count)s message(s) in %(seconds)s s"), count=count, seconds=seconds)


def _increasing(fields: list[str], payload: str, previous: dict[str, float]) -> str | None:
    """Why a message breaks the strictly increasing ``fields`` (``previous``: their last
    values, updated), or None."""
    if not fields:
        return None
    try:
        data = json.loads(payload)
    except ValueError:
        return f"not JSON: {short(payload)}"
    for name in fields:
        value = data.get(name) if isinstance(data, dict) else None
        if not isinstance(value, int | float) or isinstance(value, bool):
            return f"field {name!r} is not a number: {short(payload)}"
        if name in previous and not value > previous[name]:
            return f"field {name!r} went from {previous[name]:g} to {value:g}"
        previous[name] = float(value)
    return None


def _integer(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


TYPES: dict[str, Callable[[Any], bool]] = {
    "string": lambda v: isinstance(v, str),
    "number": lambda v: isinstance(v, int | float) and not isinstance(v, bool),
    "int": _integer,
    "integer": _integer,
    "bool": lambda v: isinstance(v, bool),
    "boolean": lambda v: isinstance(v, bool),
    "object": lambda v: isinstance(v, dict),
    "array": lambda v: isinstance(v, list),
}


def json_problem(fields: dict[str, str] | None, payload: str) -> str | None:
    """Why a payload does not have the JSON fields asked for (a type, or a regular expression
    its value matches as text), or None."""
    if not fields:
        return None
    try:
        data = json.loads(payload)
    except ValueError:
        return f"not JSON: {short(payload)}"
    if not isinstance(data, dict):
        return f"not a JSON object: {short(payload)}"
    for name, wanted in fields.items():
        if name not in data:
            return f"no field {name!r}: {short(payload)}"
        value = data[name]
        ok = TYPES[wanted](value) if wanted in TYPES else _matches(wanted, value)
        if not ok:
            return f"field {name!r} is {json.dumps(value)}, expected {wanted}"
    return None


def _matches(pattern: str, value: Any) -> bool:
    text = value if isinstance(value, str) else json.dumps(value)
    return re.search(pattern, text) is not None


def compare(expected: list[dict[str, Any]], got: list[Message]) -> dict[str, Any]:
    for index, (want, message) in enumerate(zip(expected, got, strict=False)):
        if str(want.get("topic")) != message.topic or not _same(
            want.get("payload"), message.payload
        ):
            shown = (
                json.dumps(want.get("payload"))
                if not isinstance(want.get("payload"), str)
                else want.get("payload")
            )
            return said(
                False,
                N_(
                    "message %(number)s: expected %(expected)s on %(topic)s, got "
                    "%(got)s on %(got_topic)s"
                ),
                number=index + 1,
                expected=short(str(shown)),
                topic=str(want.get("topic")),
                got=short(message.payload),
                got_topic=message.topic,
            )
    if len(got) < len(expected):
        want = expected[len(got)]
        return said(
            False,
            N_(
                "%(count)s message(s) arrived, %(expected)s expected; the next "
                "one missing is on %(topic)s"
            ),
            count=len(got),
            expected=len(expected),
            topic=str(want.get("topic")),
        )
    if len(got) > len(expected):
        extra = got[len(expected)]
        return said(
            False,
            N_(
                "%(count)s message(s) arrived, %(expected)s expected; the first "
                "extra one: %(payload)s on %(topic)s"
            ),
            count=len(got),
            expected=len(expected),
            payload=short(extra.payload),
            topic=extra.topic,
        )
    return said(True, N_("%(count)s message(s) as expected"), count=len(got))


def _same(want: Any, payload: str) -> bool:
    try:
        parsed = json.loads(payload)
    except ValueError:
        parsed = None
    if not isinstance(want, str):
        return parsed == want if parsed is not None else False
    try:
        wanted = json.loads(want)
    except ValueError:
        return want == payload
    return parsed == wanted if parsed is not None else want == payload


def short(text: str, limit: int = 120) -> str:
    return repr(text if len(text) <= limit else text[:limit] + "…")
