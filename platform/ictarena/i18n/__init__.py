"""Translations: gettext catalogues (``.po``) in English and Simplified Chinese.

The ``.po`` files are compiled in memory at start-up with Babel, so no build step is needed.
The current request's locale lives in a context variable, set by the web layer, so templates
and services translate with plain ``gettext`` calls.

Texts are marked with ``_()`` in templates, ``N_()`` for constants, and ``ctx.t()`` in routes.
A word that means different things in different places gets a context: ``pgettext("rejudging",
"After")`` and ``pgettext("prerequisite", "After")`` are two messages. The judge's reports carry
message keys (see :mod:`ictjudge.texts`), marked with the judge's own ``N_`` and extracted from
``judge/`` as well, so the catalogue translates them too.
After adding some, refresh the template and the Chinese catalogue, then translate what is new
(``tests/arena/test_i18n.py`` fails while anything is untranslated)::

    pybabel extract -F babel.cfg -k N_ -k gettext -k ngettext:1,2 -k t \
        -k pgettext:1c,2 -k npgettext:1c,2,3 --no-location \
        --omit-header --sort-output -w 100 -o platform/ictarena/i18n/messages.pot .
    pybabel update -i platform/ictarena/i18n/messages.pot -d platform/ictarena/i18n/locales \
        -l zh_Hans -w 100 --no-fuzzy-matching --ignore-obsolete
"""

from __future__ import annotations

import gettext as _gettext
from collections.abc import Iterable
from contextvars import ContextVar
from functools import cache
from io import BytesIO
from pathlib import Path

from babel import Locale, UnknownLocaleError
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

LOCALES = ("en", "zh_Hans")
LABELS = {"en": "English", "zh_Hans": "简体中文"}
HTML_LANG = {"en": "en", "zh_Hans": "zh-Hans"}
DIRECTORY = Path(__file__).parent / "locales"

current_locale: ContextVar[str] = ContextVar("current_locale", default="en")


@cache
def translations(locale: str) -> _gettext.NullTranslations:
    po = DIRECTORY / locale / "LC_MESSAGES" / "messages.po"
    if not po.exists():
        return _gettext.NullTranslations()
    with po.open("rb") as handle:
        catalog = read_po(handle, locale=locale)
    buffer = BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    return _gettext.GNUTranslations(buffer)


def gettext(message: str, **params: object) -> str:
    text = translations(current_locale.get()).gettext(message)
    return text % params if params else text


def ngettext(singular: str, plural: str, n: int, **params: object) -> str:
    text = translations(current_locale.get()).ngettext(singular, plural, n)
    params.setdefault("num", n)
    return text % params


def pgettext(context: str, message: str, **params: object) -> str:
    """``message`` as it reads in ``context`` (the same English can need two translations)."""
    text = translations(current_locale.get()).pgettext(context, message)
    return text % params if params else text


def npgettext(context: str, singular: str, plural: str, n: int, **params: object) -> str:
    text = translations(current_locale.get()).npgettext(context, singular, plural, n)
    params.setdefault("num", n)
    return text % params


def N_(message: str) -> str:
    """Mark a string for extraction without translating it now."""
    return message


def negotiate(accept_language: str | None, default: str = "en") -> str:
    """Pick a supported locale from an ``Accept-Language`` header."""
    if not accept_language:
        return default
    wanted: list[tuple[float, str]] = []
    for part in accept_language.split(","):
        piece = part.strip()
        if not piece:
            continue
        tag, _, q = piece.partition(";q=")
        try:
            weight = float(q) if q else 1.0
        except ValueError:
            weight = 0.0
        wanted.append((weight, tag.strip()))
    wanted.sort(key=lambda item: -item[0])
    for _weight, tag in wanted:
        match = match_locale(tag)
        if match:
            return match
    return default


def match_locale(tag: str) -> str | None:
    if tag in LOCALES:
        return tag
    try:
        parsed = Locale.parse(tag.replace("-", "_"))
    except (ValueError, UnknownLocaleError):
        return None
    if parsed.language == "zh":
        # Traditional-script variants still read Simplified better than English.
        return "zh_Hans"
    if parsed.language == "en":
        return "en"
    return None


def supported(locales: Iterable[str] = LOCALES) -> list[tuple[str, str]]:
    return [(code, LABELS[code]) for code in locales]
