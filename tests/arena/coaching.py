"""Support for the coaching-path page tests (locks, the student's panel, the coach's queue,
notifications): texts as a Chinese page shows them, whether or not the catalogue has them
translated yet."""

from __future__ import annotations

from ictarena import i18n


def in_chinese(message: str) -> str:
    """``message`` as the Chinese catalogue has it (the English text while untranslated)."""
    token = i18n.current_locale.set("zh_Hans")
    try:
        return i18n.gettext(message)
    finally:
        i18n.current_locale.reset(token)
