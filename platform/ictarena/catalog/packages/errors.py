"""Problems found in a task package, each located: the file, the field or line, what is wrong.

    PackageError            one located problem (a value, not an exception)
    PackageInvalid          raised with every problem found; nothing was imported

Messages are for package authors and are written in English, like compiler messages.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class PackageError:
    """``file: where: message``, e.g. ``task.yaml: limits.time_s: Input should be > 0``."""

    file: str
    where: str
    message: str

    def __str__(self) -> str:
        return (
            f"{self.file}: {self.where}: {self.message}"
            if self.where
            else (f"{self.file}: {self.message}")
        )


class PackageInvalid(Exception):
    """One or more packages failed validation; ``errors`` lists every problem."""

    def __init__(self, errors: Iterable[PackageError]) -> None:
        self.errors = list(errors)
        super().__init__("\n".join(str(e) for e in self.errors))


class Problems:
    """Collects located errors while reading one package."""

    def __init__(self, package: str) -> None:
        self.package = package
        self.errors: list[PackageError] = []

    def add(self, file: str, where: str, message: str) -> None:
        name = f"{self.package}/{file}" if self.package and file else file or self.package
        self.errors.append(PackageError(name, where, message))

    def extend(self, errors: Iterable[PackageError]) -> None:
        self.errors.extend(errors)

    def __bool__(self) -> bool:
        return bool(self.errors)
