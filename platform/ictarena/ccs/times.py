"""The API's time formats: TIME (an absolute time, ISO 8601 with milliseconds and a zone) and
RELTIME (a signed duration ``h:mm:ss.uuu``), as the Contest API's "Types" section writes them."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta


def utc(at: datetime) -> datetime:
    """A stored time (naive UTC, or aware) as an aware UTC time."""
    return at.replace(tzinfo=UTC) if at.tzinfo is None else at.astimezone(UTC)


def abstime(at: datetime) -> str:
    """``2026-03-01T09:00:00.000Z``."""
    moment = utc(at)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


def reltime(span: timedelta) -> str:
    """``-0:00:01.500``, ``5:00:00.000``: hours unbounded, milliseconds rounded down."""
    millis = (span.days * 86400 + span.seconds) * 1000 + span.microseconds // 1000
    sign = "-" if millis < 0 else ""
    millis = abs(millis)
    seconds, ms = divmod(millis, 1000)
    minutes, s = divmod(seconds, 60)
    hours, m = divmod(minutes, 60)
    return f"{sign}{hours}:{m:02d}:{s:02d}.{ms:03d}"


EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def epoch_ms(at: datetime) -> int:
    """Milliseconds since the epoch, exactly (no float on the way)."""
    return (utc(at) - EPOCH) // timedelta(milliseconds=1)
