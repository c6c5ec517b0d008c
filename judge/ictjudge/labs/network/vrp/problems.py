"""What is wrong with a configuration, located to the line and column a student can find."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One refused line (line 0: the configuration as a whole)."""

    line: int
    column: int
    message: str
    text: str = ""

    def __str__(self) -> str:
        where = f"line {self.line}, column {self.column}: " if self.line else ""
        quoted = f" ({self.text.strip()[:80]})" if self.text.strip() else ""
        return f"{where}{self.message}{quoted}"
