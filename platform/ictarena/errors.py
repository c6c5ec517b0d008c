"""The platform's domain exceptions, raised by services and translated once by the web layer.

ArenaError
├── NotFound            the thing does not exist (or the caller may not know it does)
├── Forbidden           the caller's role or ownership does not allow this
│   └── Locked          a task the student has not unlocked; ``lock`` says what unlocks it
├── InvalidInput        a value is wrong; ``field`` names it
│   └── Conflict        the value clashes with existing data (a taken username)
└── Throttled           too many attempts; ``retry_after`` seconds
"""

from __future__ import annotations


class ArenaError(Exception):
    """Base class; ``message`` is safe to show to the user (it is translated by key)."""

    def __init__(self, message: str, **params: object) -> None:
        super().__init__(message)
        self.message = message
        self.params = params


class NotFound(ArenaError):
    pass


class Forbidden(ArenaError):
    pass


class Locked(Forbidden):
    """A task above the tier a student holds, or whose module's prerequisites are not done.
    ``lock`` (an :class:`ictarena.progression.locks.Lock`) names the tier needed and the
    prerequisite modules with the student's progress, so the page can say what unlocks it."""

    def __init__(self, message: str, lock: object, **params: object) -> None:
        super().__init__(message, **params)
        self.lock = lock


class InvalidInput(ArenaError):
    def __init__(self, message: str, field: str | None = None, **params: object) -> None:
        super().__init__(message, **params)
        self.field = field


class Conflict(InvalidInput):
    pass


class Throttled(ArenaError):
    def __init__(self, message: str, retry_after: int, **params: object) -> None:
        super().__init__(message, retry_after=retry_after, **params)
        self.retry_after = retry_after
