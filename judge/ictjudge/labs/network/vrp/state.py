"""The configuration being built, command by command, and what every command handler shares:
the device so far, its interfaces, and the view the next command is typed in."""

from __future__ import annotations

from dataclasses import replace
from typing import TypeVar

from ictjudge.labs.network.vrp.model import Device, Interface

T = TypeVar("T")


class CommandError(Exception):
    """A command the device refuses; ``at`` names the value the message is about."""

    def __init__(self, message: str, at: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.at = at


class State:
    """The configuration so far, and the view the next command is typed in."""

    def __init__(self) -> None:
        self.dev = Device()
        self.interfaces: dict[str, Interface] = {}
        self.views: list[str] = ["system"]
        self.current = ""  # the interface, or the ACL number, or the OSPF area of the view

    def enter(self, view: str, current: str = "") -> None:
        self.views.append(view)
        self.current = current

    @property
    def interface(self) -> Interface:
        return self.interfaces[self.current]

    def update(self, **changes: object) -> None:
        self.interfaces[self.current] = replace(self.interface, **changes)  # type: ignore[arg-type]


def acl_number(number: int) -> None:
    if not 2000 <= number <= 3999:
        raise CommandError(
            "supported ACLs are basic (2000 to 2999) and advanced (3000 to 3999)", "acl"
        )


def toggle(items: tuple[T, ...], item: T, remove: bool) -> tuple[T, ...]:
    """``items`` without ``item`` (``remove``), or with it added once at the end."""
    kept = tuple(i for i in items if i != item)
    return kept if remove else (*kept, item)
