"""Texts of the judge's reports, in both languages of the platform.

Two kinds of text reach a student through a report:

- a task's own words (a check's title, the hint shown when it fails), which the package gives
  as ``{en: ..., zh: ...}``; a plain string stands for both languages (:class:`Text`);
- what the judge itself says ("wrong answer on line 3"), which goes into the report as a
  :class:`Note`: a message key (the English message, with ``%(name)s`` placeholders) and its
  parameters. The platform translates the key with its catalogue, so the judge needs none.
  Keys are marked with :func:`N_` so that the catalogue's extraction finds them.

Every note also reads as English on its own (:meth:`Note.english`), for logs, the command line
and readers of old reports.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, model_validator

LANGUAGES = ("en", "zh")


class Text(BaseModel):
    """A text in both languages of the platform; a plain string stands for both."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    en: str = Field(min_length=1)
    zh: str = Field(min_length=1)

    @model_validator(mode="before")
    @classmethod
    def _plain(cls, value: Any) -> Any:
        return {"en": value, "zh": value} if isinstance(value, str) else value

    def get(self, language: str) -> str:
        """The text in ``language`` (``zh`` or ``zh_Hans``: Chinese; anything else: English)."""
        return self.zh if language.startswith("zh") else self.en


class Note(BaseModel):
    """One sentence of feedback: a message ``key`` with ``params``, or a task's ``text``."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    key: str = ""
    params: dict[str, Param] = Field(default_factory=dict)
    text: Text | None = None

    def english(self) -> str:
        if self.text is not None:
            return self.text.en
        return fill(self.key, self.params, "en")


Param = str | int | float | Text | list[Text] | Note
"""A parameter: a value, a task's text, a list of texts, or another note (as in "%(where)s
failed", where ``where`` says "statement 2 (line 5)" in the reader's language)."""


def N_(key: str) -> str:
    """Mark a message key for the catalogue's extraction."""
    return key


def note(key: str, **params: Param) -> Note:
    """A note saying ``key`` (marked with :func:`N_` where it is written) with ``params``."""
    return Note(key=key, params=params)


def said(text: Text | None) -> list[Note]:
    """A task's own words as notes (none when the task gives none)."""
    return [] if text is None else [Note(text=text)]


def fill(template: str, params: dict[str, Any], language: str) -> str:
    """``template`` with its placeholders filled in ``language``; a template that does not fit
    its parameters is shown as it is rather than failing a page."""
    values = {name: _value(value, language) for name, value in params.items()}
    try:
        return template % values if "%(" in template else template
    except (KeyError, ValueError, TypeError):
        return template


def _value(value: Any, language: str) -> Any:
    if isinstance(value, dict) and set(value) == set(LANGUAGES):
        value = Text.model_validate(value)
    if isinstance(value, Text):
        return value.get(language)
    if isinstance(value, Note):
        return value.english()
    if isinstance(value, list):
        separator = "、" if language.startswith("zh") else ", "
        return separator.join(f"“{_value(v, language)}”" for v in value)
    return value


def english(notes: Iterable[Note], separator: str = " ") -> str:
    """Notes as one English text."""
    return separator.join(n.english() for n in notes if n.english())


Note.model_rebuild()
