"""Reading query-string values without trusting them: an unknown choice is ignored, a number is
clamped into a range the database can use, text is cut to a sane length."""

from __future__ import annotations

from collections.abc import Collection, Mapping

MAX_TEXT = 200  # longer than any slug, name or code the app looks up


def choice(params: Mapping[str, str], key: str, allowed: Collection[str]) -> str | None:
    """The value of ``key`` when it is one of ``allowed``; otherwise None (no filter)."""
    value = params.get(key) or None
    return value if value in allowed else None


def text(params: Mapping[str, str], key: str, max_length: int = MAX_TEXT) -> str | None:
    """The value of ``key`` (None when empty), at most ``max_length`` characters."""
    value = params.get(key) or None
    return value[:max_length] if value is not None else None


def integer(params: Mapping[str, str], key: str, default: int, low: int, high: int) -> int:
    """The value of ``key`` as an integer within ``low`` … ``high``; ``default`` when it is not
    a number."""
    raw = (params.get(key) or "").strip()
    if not raw or len(raw) > 20 or not raw.lstrip("-").isdigit() or not raw.isascii():
        return default
    return min(high, max(low, int(raw)))
