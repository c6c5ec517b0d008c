"""Custom output validators (Kattis): compiled once per judging and run in their own sandbox.

Invocation: ``validator input answer feedback_dir [flags] < team_output``; exit 42 accepts,
43 rejects, anything else is a judge error. ``judgemessage.txt`` becomes the run's message and
``score.txt`` its score (``score_multiplier.txt``, 2025-09, a fraction of the test's maximum).
Several C/C++ sources (with a shared ``validate.h``) are compiled together; a Python validator
runs its main file with python3; a ``build``/``run`` pair is used as DOMjudge does.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ictjudge.errors import CheckerFailure
from ictjudge.sandbox import Sandbox

ACCEPT, REJECT = 42, 43
MESSAGE_LIMIT = 4096


@dataclass(frozen=True)
class ValidatorResult:
    accepted: bool
    message: str
    score: float | None
    multiplier: float | None = None  # score_multiplier.txt: a fraction of the test's maximum


PYTHON_MAINS = (
    "__main__.py", "validate.py", "validator.py", "output_validator.py", "check.py", "checker.py",
)  # fmt: skip
CPP_SUFFIXES = (".cpp", ".cc", ".cxx", ".c++", ".C")


def _number(raw: bytes, name: str) -> float | None:
    """The number in a feedback file, or None when it is absent or empty."""
    if not raw.strip():
        return None
    try:
        return float(raw.decode().strip())
    except (UnicodeDecodeError, ValueError) as exc:
        raise CheckerFailure(f"{name} is not a number: {raw[:40]!r}") from exc


def _python_main(source_dir: Path, names: list[str]) -> str:
    """The file to run of a Python validator: a conventional name, else the one file that
    checks ``__name__ == "__main__"``, else the only (or first) one."""
    for name in (*PYTHON_MAINS, f"{source_dir.name}.py"):
        if name in names:
            return name
    mains = [n for n in names if "__main__" in (source_dir / n).read_text(errors="replace")]
    return mains[0] if len(mains) == 1 else names[0]


class Validator:
    """A compiled validator inside a sandbox; use as a context manager."""

    def __init__(self, sandbox: Sandbox, source_dir: Path, time_s: float = 30.0) -> None:
        self.sandbox = sandbox
        self.source_dir = source_dir
        self.time_ms = int(time_s * 1000)
        self.argv: list[str] = []

    def prepare(self) -> None:
        files = [p for p in sorted(self.source_dir.rglob("*")) if p.is_file()]
        if not files:
            raise CheckerFailure(f"no validator sources in {self.source_dir}")
        for path in files:
            name = path.relative_to(self.source_dir).as_posix()
            if "/" in name:
                continue  # the runner's /work is flat; Kattis validators are single folders
            self.sandbox.write(name, path.read_bytes(), executable=name in ("run", "build"))
        names = [p.name for p in files]
        cpp = [n for n in names if n.endswith(CPP_SUFFIXES)]
        c = [n for n in names if n.endswith(".c")]
        py = [n for n in names if n.endswith(".py")]
        compile_argv: list[str] | None
        if "build" in names or "run" in names:
            # DOMjudge-style validator: an optional build script, then a run script
            compile_argv = ["./build"] if "build" in names else None
            self.argv = ["./run"]
            if "run" not in names:
                self.argv = ["./validator"]  # what build scripts conventionally produce
        elif cpp:
            compile_argv = ["g++", "-O2", "-std=gnu++20", "-o", "validator", *cpp]
            self.argv = ["./validator"]
        elif c:
            compile_argv = ["gcc", "-O2", "-std=gnu17", "-o", "validator", *c, "-lm"]
            self.argv = ["./validator"]
        elif py:
            self.argv = ["python3", _python_main(self.source_dir, py)]
            compile_argv = None
        else:
            raise CheckerFailure(f"validator language not recognised: {names}")
        if compile_argv is None:
            self.sandbox.snapshot()
            return
        result = self.sandbox.run(
            compile_argv, 60_000, 120_000, 1024 * 1024, 64 << 20, stdout=".cout"
        )
        if result.exit_code != 0:
            log, _ = self.sandbox.read(".stderr", 4096)
            raise CheckerFailure(
                "the validator does not compile: " + log.decode("utf-8", "replace")
            )
        self.sandbox.snapshot()

    def check(
        self, test_input: bytes, answer: bytes, team: bytes, flags: tuple[str, ...]
    ) -> ValidatorResult:
        box = self.sandbox
        box.clean()
        box.write("input", test_input)
        box.write("answer", answer)
        box.write("team", team)
        result = box.run(
            [*self.argv, "input", "answer", "./", *flags],
            self.time_ms,
            self.time_ms * 2 + 1000,
            1024 * 1024,
            64 << 20,
            stdin="team",
        )
        message, _ = box.read("judgemessage.txt", MESSAGE_LIMIT)
        score_text, _ = box.read("score.txt", 64)
        multiplier_text, _ = box.read("score_multiplier.txt", 64)
        if result.killed_wall or result.killed_cpu:
            raise CheckerFailure("the validator ran out of time")
        if result.exit_code not in (ACCEPT, REJECT):
            stderr, _ = box.read(".stderr", 1024)
            raise CheckerFailure(
                f"the validator exited with {result.exit_code} (signal {result.signal}): "
                + stderr.decode("utf-8", "replace")
            )
        score = _number(score_text, "score.txt")
        multiplier = _number(multiplier_text, "score_multiplier.txt")
        if multiplier is not None and not 0 <= multiplier <= 1:
            raise CheckerFailure(f"score_multiplier.txt is {multiplier:g}, not between 0 and 1")
        return ValidatorResult(
            result.exit_code == ACCEPT,
            message.decode("utf-8", "replace").strip(),
            score,
            multiplier,
        )
