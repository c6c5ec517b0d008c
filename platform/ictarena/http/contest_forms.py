"""Reading the jury's contest forms: each field to a typed value or a message for that field.

A form is read whole before anything is written: :class:`FormReader` collects one error per
field, and the route calls the domain only when there is none (the domain validates again, and
its ``InvalidInput(field=...)`` lands on the same field). Times are typed in the platform's
time zone (``settings.zone``) and stored in UTC.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any, TypeVar
from zoneinfo import ZoneInfo

from ictarena import i18n
from ictarena.errors import InvalidInput
from ictarena.http.messages import message
from ictarena.i18n import N_

E = TypeVar("E", bound=StrEnum)

REQUIRED = N_("Fill in this field.")
TOO_LONG = N_("At most %(max)s characters.")
NOT_WHOLE = N_("Enter a whole number from %(low)s to %(high)s.")
NOT_NUMBER = N_("Enter a number from %(low)s to %(high)s.")
NOT_TIME = N_("Enter a date and time, such as 2026-05-20 09:00.")
NOT_CHOICE = N_("Choose one of the options.")
NOT_ID = N_("Choose from the list.")
YEARS = (2000, 2200)  # the years a contest's times may be in
MAX_ID = 2**31 - 1  # the largest id a table holds: anything larger is no row


class FormReader:
    """The fields of one submitted form, read one at a time; errors kept by field name."""

    def __init__(self, form: Any, zone: ZoneInfo) -> None:
        self.form = form
        self.zone = zone
        self.errors: dict[str, str] = {}

    def fail(self, name: str, text: str, **params: object) -> None:
        self.errors.setdefault(name, i18n.gettext(text) % params if params else i18n.gettext(text))

    def raw(self, name: str) -> str:
        value = self.form.get(name)
        return value.strip() if isinstance(value, str) else ""

    def text(self, name: str, *, max_len: int, required: bool = True) -> str:
        value = self.raw(name)
        if required and not value:
            self.fail(name, REQUIRED)
        elif len(value) > max_len:
            self.fail(name, TOO_LONG, max=max_len)
        return value[:max_len]

    def flag(self, name: str) -> bool:
        return self.raw(name) in ("1", "on", "true", "yes")

    def whole(self, name: str, low: int, high: int, *, default: int | None = None) -> int | None:
        """A whole number in ``[low, high]``; ``default`` when the field is empty (an error
        when there is no default)."""
        value = self.raw(name)
        if not value:
            if default is None:
                self.fail(name, REQUIRED)
            return default
        if not (value.isascii() and value.lstrip("-").isdigit() and len(value) <= 9):
            self.fail(name, NOT_WHOLE, low=low, high=high)
            return default
        number = int(value)
        if not low <= number <= high:
            self.fail(name, NOT_WHOLE, low=low, high=high)
            return default
        return number

    def optional_whole(self, name: str, low: int, high: int) -> int | None:
        if not self.raw(name):
            return None
        return self.whole(name, low, high)

    def number(self, name: str, low: float, high: float) -> float | None:
        value = self.raw(name).replace(",", ".")
        if not value:
            self.fail(name, REQUIRED)
            return None
        try:
            number = float(value)
        except ValueError:
            number = math.nan
        if not math.isfinite(number) or not low <= number <= high:
            self.fail(name, NOT_NUMBER, low=f"{low:g}", high=f"{high:g}")
            return None
        return number

    def choice(self, name: str, kind: type[E], default: E | None = None) -> E | None:
        value = self.raw(name)
        if not value and default is not None:
            return default
        try:
            return kind(value)
        except ValueError:
            self.fail(name, NOT_CHOICE)
            return default

    def when(self, name: str, *, required: bool = True) -> datetime | None:
        """A ``datetime-local`` field read in the platform's zone, returned in UTC."""
        value = self.raw(name)
        if not value:
            if required:
                self.fail(name, REQUIRED)
            return None
        try:
            local = datetime.fromisoformat(value.replace(" ", "T", 1))
        except ValueError:
            self.fail(name, NOT_TIME)
            return None
        if local.tzinfo is not None or not YEARS[0] <= local.year <= YEARS[1]:
            self.fail(name, NOT_TIME)  # an offset typed in, or a year no contest is held in
            return None
        return local.replace(tzinfo=self.zone).astimezone(UTC)

    def ids(self, name: str, allowed: Iterable[int]) -> list[int]:
        """The ticked ids of a list of checkboxes, each one of ``allowed``."""
        known = set(allowed)
        chosen: list[int] = []
        for raw in self.form.getlist(name):
            text = str(raw).strip()
            if not (text.isascii() and text.isdigit() and len(text) <= 9) or int(text) not in known:
                self.fail(name, NOT_ID)
                continue
            chosen.append(int(text))
        return list(dict.fromkeys(chosen))

    def one_id(self, name: str, allowed: Iterable[int], *, required: bool = False) -> int | None:
        text = self.raw(name)
        if not text:
            if required:
                self.fail(name, NOT_ID)
            return None
        if not (text.isascii() and text.isdigit() and len(text) <= 9) or int(text) not in set(
            allowed
        ):
            self.fail(name, NOT_ID)
            return None
        return int(text)

    def refused(
        self,
        exc: InvalidInput,
        fallback: str,
        fields: Iterable[str] = (),
        places: Mapping[str, str] | None = None,
    ) -> None:
        """The domain refused: its message goes on the field it names (``places`` maps the
        domain's names to the form's) when the form has that field (``fields``; any field
        when empty), else on ``fallback``."""
        known = set(fields)
        field = (places or {}).get(exc.field or "", exc.field)
        name = field if field and (not known or field in known) else fallback
        self.errors.setdefault(name, message(exc.message, **exc.params))

    def shown(self, names: Iterable[str]) -> dict[str, Any]:
        """The submitted values to show back in the form after an error."""
        values: dict[str, Any] = {name: self.raw(name)[:500] for name in names}
        return values


def local_input(value: datetime | None, zone: ZoneInfo) -> str:
    """A stored UTC time as a ``datetime-local`` field's value in the platform's zone."""
    if value is None:
        return ""
    return value.astimezone(zone).strftime("%Y-%m-%dT%H:%M")


def local_text(value: datetime | None, zone: ZoneInfo) -> str:
    """A stored UTC time as the jury reads it, in the platform's zone."""
    if value is None:
        return ""
    return value.astimezone(zone).strftime("%Y-%m-%d %H:%M")
