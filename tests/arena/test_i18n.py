"""Every user-facing string has a Simplified Chinese translation."""

from __future__ import annotations

from pathlib import Path

from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from ictarena import i18n

ROOT = Path(__file__).resolve().parents[2]


def _extracted() -> set[str]:
    found: set[str] = set()
    method_map = [("platform/**.py", "python"), ("web/templates/**.html", "jinja2")]
    options = {"web/templates/**.html": {"trim_blocks": "true", "lstrip_blocks": "true"}}
    for _file, _line, message, _comments, _context in extract_from_dir(
        str(ROOT),
        method_map,
        options,
        keywords={"_": None, "N_": None, "gettext": None, "ngettext": (1, 2), "t": None},
    ):
        found.add(message[0] if isinstance(message, tuple) else message)
    return found


def test_every_extracted_string_is_translated_to_chinese() -> None:
    with (i18n.DIRECTORY / "zh_Hans" / "LC_MESSAGES" / "messages.po").open("rb") as handle:
        catalog = read_po(handle)
    translated = {
        (m.id[0] if isinstance(m.id, tuple) else m.id)
        for m in catalog
        if m.id and (all(m.string) if isinstance(m.string, tuple) else m.string)
    }
    missing = sorted(_extracted() - translated)
    assert missing == [], f"untranslated: {missing}"


def test_accept_language_negotiation() -> None:
    assert i18n.negotiate("zh-CN,zh;q=0.9") == "zh_Hans"
    assert i18n.negotiate("en-GB,en;q=0.9,zh;q=0.8") == "en"
    assert i18n.negotiate("fr;q=1.0, zh-TW;q=0.5") == "zh_Hans"
    assert i18n.negotiate("de", default="en") == "en"
    assert i18n.negotiate(None) == "en"
    assert i18n.negotiate("zh;q=abc, en") == "en"
