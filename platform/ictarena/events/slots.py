"""Caps on open live streams: so many per user and so many per process."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field


class StreamLimitReached(Exception):
    """No slot is free; ``scope`` is ``"user"`` or ``"process"``, ``limit`` the cap hit."""

    def __init__(self, scope: str, limit: int) -> None:
        super().__init__(f"{scope} stream limit {limit} reached")
        self.scope = scope
        self.limit = limit


@dataclass
class StreamSlots:
    """Counts open streams. Everything runs on one event loop, so no lock is needed."""

    per_user: int
    per_process: int
    _by_user: Counter[int] = field(default_factory=Counter)

    @property
    def total(self) -> int:
        return sum(self._by_user.values())

    def open(self, user_id: int) -> int:
        return self._by_user[user_id]

    def acquire(self, user_id: int) -> None:
        if self.total >= self.per_process:
            raise StreamLimitReached("process", self.per_process)
        if self._by_user[user_id] >= self.per_user:
            raise StreamLimitReached("user", self.per_user)
        self._by_user[user_id] += 1

    def release(self, user_id: int) -> None:
        self._by_user[user_id] -= 1
        if self._by_user[user_id] <= 0:
            del self._by_user[user_id]
