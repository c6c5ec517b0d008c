"""Every user-facing string has a Simplified Chinese translation, and the catalogue holds no
fuzzy guesses. The strings are found the way ``pybabel extract`` finds them (same mapping file,
same keywords, see :mod:`ictarena.i18n`), so a text marked anywhere is checked here."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po
from pydantic import ValidationError

from ictarena import i18n
from ictjudge.labs.sql.spec import SqlCheck

ROOT = Path(__file__).resolve().parents[2]
KEYWORDS = {
    "_": None,
    "N_": None,
    "gettext": None,
    "ngettext": (1, 2),
    "t": None,
    "pgettext": ((1, "c"), 2),
    "npgettext": ((1, "c"), 2, 3),
}
Key = tuple[str | None, str]


def _extracted() -> dict[Key, str]:
    """Every message marked in the sources: (context, msgid) -> where it is."""
    with (ROOT / "babel.cfg").open() as handle:
        method_map, options = parse_mapping_cfg(handle)
    found: dict[Key, str] = {}
    for filename, line, message, _comments, context in extract_from_dir(
        str(ROOT), method_map, options, keywords=KEYWORDS
    ):
        msgid = message[0] if isinstance(message, tuple) else message
        if msgid:
            found.setdefault((context, msgid), f"{filename}:{line}")
    return found


def _catalogue() -> Catalog:
    with (i18n.DIRECTORY / "zh_Hans" / "LC_MESSAGES" / "messages.po").open("rb") as handle:
        return read_po(handle)


def _translated(catalog: Catalog) -> set[Key]:
    done: set[Key] = set()
    for m in catalog:
        if not m.id or m.fuzzy:
            continue
        strings = m.string if isinstance(m.string, tuple) else (m.string,)
        if all(strings):
            done.add((m.context, m.id[0] if isinstance(m.id, tuple) else m.id))
    return done


def test_every_extracted_string_is_translated_to_chinese() -> None:
    extracted = _extracted()
    translated = _translated(_catalogue())
    missing = sorted(
        f"{where}: {msgid!r}" + (f" (context {context!r})" if context else "")
        for (context, msgid), where in extracted.items()
        if (context, msgid) not in translated
    )
    assert missing == [], "untranslated:\n" + "\n".join(missing)


def test_the_catalogue_has_no_fuzzy_or_empty_entry() -> None:
    bad = [
        (m.context, m.id)
        for m in _catalogue()
        if m.id and (m.fuzzy or not all(m.string if isinstance(m.string, tuple) else (m.string,)))
    ]
    assert bad == []


def test_the_extraction_sees_contexts_plurals_and_judge_keys() -> None:
    """The keywords above find what the code uses: both senses of "After", plurals, and the
    message keys the judge puts in its reports."""
    extracted = _extracted()
    assert ("rejudging", "After") in extracted
    assert ("prerequisite", "After") in extracted
    assert (None, "After") not in extracted
    assert (
        None,
        "Wrong answer on line %(line)s: token %(token)s is %(got)s, expected %(expected)s.",
    ) in extracted  # judge/ictjudge/checkers.py


def test_a_context_picks_its_own_translation() -> None:
    token = i18n.current_locale.set("zh_Hans")
    try:
        assert i18n.pgettext("rejudging", "After") == "之后"
        assert i18n.pgettext("prerequisite", "After") == "先修"
        assert i18n.ngettext("task solved", "tasks solved", 1) == "道题已解决"
    finally:
        i18n.current_locale.reset(token)
    assert i18n.pgettext("rejudging", "After") == "After"
    assert i18n.npgettext("duration", "%(num)s day", "%(num)s days", 1) == "1 day"
    assert i18n.npgettext("duration", "%(num)s day", "%(num)s days", 2) == "2 days"


def test_accept_language_negotiation() -> None:
    assert i18n.negotiate("zh-CN,zh;q=0.9") == "zh_Hans"
    assert i18n.negotiate("en-GB,en;q=0.9,zh;q=0.8") == "en"
    assert i18n.negotiate("fr;q=1.0, zh-TW;q=0.5") == "zh_Hans"
    assert i18n.negotiate("de", default="en") == "en"
    assert i18n.negotiate(None) == "en"
    assert i18n.negotiate("zh;q=abc, en") == "en"


LAB_SETS = ("datacom", "openeuler", "opengauss", "cloud", "iot")


def _bundled_checks() -> list[tuple[str, dict[str, object]]]:
    found = []
    for name in LAB_SETS:
        for path in sorted((ROOT / "problem_sets" / name).glob("*/task.yaml")):
            spec = yaml.safe_load(path.read_text(encoding="utf-8"))
            for check in (spec.get("lab") or {}).get("checks") or []:
                intent = check.get("intent") or {}  # an intent item's title is the intent's
                titled = {"title": intent["title"], **check} if "title" in intent else check
                found.append((f"{path.parent.name}/{check['id']}", titled))
    return found


def test_every_bundled_check_has_its_title_and_feedback_in_both_languages() -> None:
    checks = _bundled_checks()
    assert len(checks) > 80
    one_language = [
        f"{where}: {field}"
        for where, check in checks
        for field in ("title", "feedback")
        if field in check
        and not (
            isinstance(check[field], dict)
            and set(check[field]) == {"en", "zh"}
            and check[field]["en"] != check[field]["zh"]
        )
    ]
    assert one_language == []
    assert all("title" in check for _where, check in checks)


@pytest.mark.parametrize(
    "title",
    [
        pytest.param("Neighbours are up", id="plain-string-for-both"),
        pytest.param({"en": "Neighbours are up", "zh": "邻居已建立"}, id="both-languages"),
    ],
)
def test_a_check_title_is_bilingual_or_one_text_for_both(title: object) -> None:
    check = SqlCheck.model_validate(
        {"id": "a", "points": 1, "query": "select 1", "expect": [[1]]} | {"title": title}
    )
    assert check.title is not None and check.title.en == "Neighbours are up"


@pytest.mark.parametrize(
    ("title", "problem"),
    [
        pytest.param({"en": "Up"}, "zh", id="chinese-missing"),
        pytest.param({"en": "Up", "zh_Hans": "已建立"}, "zh_Hans", id="unknown-language"),
        pytest.param({"en": "", "zh": "已建立"}, "en", id="empty"),
    ],
)
def test_a_half_bilingual_title_is_refused_with_its_place(title: object, problem: str) -> None:
    with pytest.raises(ValidationError) as caught:
        SqlCheck.model_validate(
            {"id": "a", "points": 1, "query": "select 1", "expect": [[1]], "title": title}
        )
    assert ("title", problem) in [tuple(e["loc"]) for e in caught.value.errors()]
