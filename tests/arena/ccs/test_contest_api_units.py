"""The Contest API's small pure parts: its time formats, every verdict's judgement type, the
languages, archive names a tool can extract safely, and the feed's token order."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest

from ictarena.ccs.feed import KINDS, key
from ictarena.ccs.kinds import JUDGEMENT_TYPES, judgement_type_id, judgement_types, languages
from ictarena.ccs.reading import _entry_name
from ictarena.ccs.times import abstime, epoch_ms, reltime
from ictjudge.wire import Verdict
from tests.arena.ccs.schemas import check


@pytest.mark.parametrize(
    ("span", "text"),
    [
        (timedelta(0), "0:00:00.000"),
        (timedelta(hours=5), "5:00:00.000"),
        (timedelta(hours=123, minutes=4, seconds=5, milliseconds=6), "123:04:05.006"),
        (timedelta(seconds=-1.5), "-0:00:01.500"),
        (timedelta(microseconds=999), "0:00:00.000"),
    ],
    ids=str,
)
def test_reltime(span: timedelta, text: str) -> None:
    assert reltime(span) == text
    check("state", {"started": None, "ended": None, "finalized": None, "end_of_updates": None})


def test_abstime_is_utc_with_milliseconds_whatever_the_input_zone() -> None:
    naive = datetime(2026, 3, 1, 9, 0, 0, 123456)
    shanghai = datetime(2026, 3, 1, 17, 0, 0, 123456, tzinfo=timezone(timedelta(hours=8)))
    assert abstime(naive) == abstime(shanghai) == "2026-03-01T09:00:00.123Z"
    assert epoch_ms(naive) == epoch_ms(naive.replace(tzinfo=UTC)) == 1772355600123


def test_every_verdict_has_a_judgement_type_and_the_list_is_valid() -> None:
    assert set(JUDGEMENT_TYPES) == set(Verdict)
    check("judgement-types", judgement_types())
    ids = [t["id"] for t in judgement_types()]
    assert len(ids) == len(set(ids))
    assert judgement_type_id("AC") == "AC" and judgement_type_id("RE") == "RTE"
    assert judgement_type_id("PA") == "WA" and judgement_type_id(None) is None
    assert judgement_type_id("??") == "JE"
    solved = {t["id"] for t in judgement_types() if t["solved"]}
    free = {t["id"] for t in judgement_types() if not t["penalty"]}
    assert solved == {"AC"} and free == {"AC", "CE", "JE"}


def test_the_languages_are_valid_and_java_names_its_entry_point() -> None:
    check("languages", languages())
    java = next(lang for lang in languages() if lang["id"] == "java")
    assert java["entry_point_required"] is True


@pytest.mark.parametrize(
    ("names", "expected"),
    [
        (["main.cpp"], ["main.cpp"]),
        (["../../etc/passwd"], ["passwd"]),
        (["/abs/x.py", "x.py"], ["x.py", "2-x.py"]),
        (["..", "."], ["file", "2-file"]),
        (["a\\..\\b.c"], ["b.c"]),
    ],
    ids=str,
)
def test_archive_names_stay_inside_the_folder(names: list[str], expected: list[str]) -> None:
    taken: set[str] = set()
    assert [_entry_name(n, taken) for n in names] == expected


def test_tokens_order_by_time_then_kind_then_id() -> None:
    at = datetime(2026, 3, 1, tzinfo=UTC)
    later = at + timedelta(milliseconds=1)
    ordered = [
        key(at, "contest", None),
        key(at, "teams", "2"),
        key(at, "teams", "10"),
        key(at, "submissions", "1"),
        key(later, "contest", None),
    ]
    assert sorted(reversed(ordered)) == ordered
    assert [k.token for k in ordered][:2] == [
        f"{epoch_ms(at)}-00-",
        f"{epoch_ms(at)}-{KINDS.index('teams'):02d}-2",
    ]
