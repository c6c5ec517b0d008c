"""``python3 -m linux_driver lab`` (the student's system) or ``… check`` (the check system)."""

from __future__ import annotations

import sys


def main() -> int:
    """Run the named container's driver (each imports only what it needs)."""
    if sys.argv[1:2] == ["check"]:
        from .check import main as check

        return check()
    from .lab import main as lab

    return lab()


if __name__ == "__main__":
    sys.exit(main())
