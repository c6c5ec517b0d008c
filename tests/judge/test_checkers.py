"""The default output validator's semantics (pure) and custom validators (real sandbox)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from ictjudge.checkers import Flags, compare
from ictjudge.judge import Submission, judge_submission
from ictjudge.wire import Verdict
from tests.judge.conftest import make_dataset


@pytest.mark.parametrize(
    ("answer", "team", "flags", "ok"),
    [
        ("3\n", "3", [], True),
        ("hello world\n", "HELLO   world\n\n", [], True),
        ("hello world\n", "HELLO world", ["case_sensitive"], False),
        ("a b\n", "a  b\n", ["space_change_sensitive"], False),
        ("a b\n", "a b\n", ["space_change_sensitive"], True),
        ("1 2\n", "1 2 3\n", [], False),
        ("1 2 3\n", "1 2\n", [], False),
        ("0.5\n", "0.5000001\n", ["float_tolerance 1e-6"], True),
        ("0.5\n", "0.50001\n", ["float_tolerance 1e-6"], False),
        ("1000000\n", "1000000.5\n", ["float_relative_tolerance 1e-6"], True),
        ("1000000\n", "1000000.5\n", ["float_absolute_tolerance 1e-6"], False),
        ("0.5\n", "abc\n", ["float_tolerance 1e-6"], False),
        ("YES\n", "yes\n", ["float_tolerance 1e-6"], True),
        ("", "\n\n", [], True),
        ("1.0\n", "1\n", [], False),
    ],
)
def test_default_validator(answer: str, team: str, flags: list[str], ok: bool) -> None:
    assert compare(answer.encode(), team.encode(), Flags.parse(flags))[0] is ok


@pytest.mark.parametrize(
    ("answer", "team", "flags", "ok"),
    [
        # with a tolerance any decimal or scientific spelling of a number is a number...
        ("200\n", "2e2\n", ["float_tolerance", "1e-9"], True),
        ("0.0314\n", "3.14000000e-2\n", ["float_relative_tolerance", "1e-6"], True),
        ("1.5\n", "+1.5\n", ["float_absolute_tolerance", "0"], True),
        ("0.5\n", ".5\n", ["float_tolerance", "0"], True),
        # ...but what C's %lf would not read whole, or reads as inf/nan, is a string token
        ("1\n", "1_0\n", ["float_tolerance", "100"], False),
        ("inf\n", "INF\n", ["float_tolerance", "1e-6"], True),
        ("inf\n", "Infinity\n", ["float_tolerance", "1e-6"], False),
        ("nan\n", "NaN\n", ["float_tolerance", "1e-6"], True),
        ("1.5\n", "inf\n", ["float_tolerance", "1e-6"], False),
        ("1e400\n", "1e400\n", ["float_tolerance", "1e-6"], True),
        ("1e400\n", "1e401\n", ["float_tolerance", "1e-6"], False),
        # without a tolerance numbers are strings
        ("200\n", "2e2\n", [], False),
        # whitespace: trailing newline and blank lines only matter when space-sensitive
        ("3\n", "3", ["space_change_sensitive"], False),
        ("3\n", "3\n\n", ["space_change_sensitive"], False),
        ("3\n", " 3\n", ["space_change_sensitive"], False),
        ("3\n", "3\r\n", [], True),
        ("a\tb\n", "a b\n", ["space_change_sensitive"], False),
        # case: ASCII letters only
        ("stra\u00dfe\n", "STRA\u00dfE\n", [], True),
        ("\u00e9t\u00e9\n", "\u00c9T\u00c9\n", [], False),
        ("", "", [], True),
        ("", "x", [], False),
        ("x", "", [], False),
    ],
)
def test_default_validator_reads_tokens_as_kattis_does(
    answer: str, team: str, flags: list[str], ok: bool
) -> None:
    assert compare(answer.encode(), team.encode(), Flags.parse(flags))[0] is ok


@pytest.mark.parametrize("flags", [["float_tolerance", "nan"], ["float_tolerance", "-1"],
                                   ["float_tolerance"], ["float_relative_tolerance", "x"]])  # fmt: skip
def test_tolerances_must_be_numbers(flags: list[str]) -> None:
    with pytest.raises(ValueError, match="float_"):
        Flags.parse(flags)


def test_unknown_flags_are_refused() -> None:
    with pytest.raises(ValueError, match="unknown"):
        Flags.parse(["float_tolerance", "1e-6", "fuzzy"])


VALIDATE_H = r"""
#include <fstream>
#include <string>
inline std::ofstream feedback(const char* dir, const char* name) {
    return std::ofstream(std::string(dir) + "/" + name);
}
"""
VALIDATOR = r"""
#include <iostream>
#include <fstream>
#include "validate.h"
// Accept any two integers in [1, n] whose sum is n; score 1 for the pair (1, n-1), else 0.5.
int main(int argc, char** argv) {
    std::ifstream in(argv[1]);
    long n; in >> n;
    long a, b;
    if (!(std::cin >> a >> b)) { feedback(argv[3], "judgemessage.txt") << "expected two numbers"; return 43; }
    if (a < 1 || b < 1 || a + b != n) { feedback(argv[3], "judgemessage.txt") << a << "+" << b << "!=" << n; return 43; }
    std::string extra;
    if (std::cin >> extra) { feedback(argv[3], "judgemessage.txt") << "trailing output"; return 43; }
    feedback(argv[3], "score.txt") << (a == 1 ? 1.0 : 0.5);
    return 42;
}
"""


@pytest.fixture
def pairs(tmp_path: Path) -> Path:
    dataset = make_dataset(
        tmp_path / "pairs",
        [],
        groups=[
            {
                "name": "g1",
                "cases": [("10\n", ""), ("7\n", "")],
                "aggregation": "min",
                "max_score": 40,
            },
            {
                "name": "g2",
                "cases": [("100\n", "")],
                "aggregation": "sum",
                "max_score": 60,
                "accept_score": 60,
            },
        ],
        scoring="scoring",
        checker={"kind": "custom", "path": "checker"},
    )
    (dataset / "checker").mkdir()
    (dataset / "checker" / "validator.cpp").write_text(VALIDATOR)
    (dataset / "checker" / "validate.h").write_text(VALIDATE_H)
    return dataset


@pytest.mark.docker
@pytest.mark.parametrize(
    ("source", "verdict", "score"),
    [
        # score.txt is each test's score (legacy Kattis); g1 takes the minimum, g2 the sum
        ("n=int(input())\nprint(1, n-1)\n", Verdict.AC, 2.0),
        ("n=int(input())\nprint(2, n-2)\n", Verdict.AC, 1.0),
        ("n=int(input())\nprint(n, 0)\n", Verdict.WA, 0.0),
        ("n=int(input())\nprint(1, n-1) if n < 50 else print(0, n)\n", Verdict.PA, 1.0),
    ],
    ids=["best", "valid-but-worse", "wrong", "partial"],
)
async def test_a_custom_validator_with_partial_scores(
    docker_client: Any, pairs: Path, source: str, verdict: Verdict, score: float
) -> None:
    report = await judge_submission(
        pairs, Submission("python3", {"a.py": source}), client=docker_client
    )
    assert report.verdict is verdict, [r.model_dump() for r in report.runs]
    assert report.score == pytest.approx(score)


@pytest.mark.docker
async def test_a_crashing_validator_is_a_judge_error(docker_client: Any, tmp_path: Path) -> None:
    from ictjudge.errors import CheckerFailure

    dataset = make_dataset(
        tmp_path / "broken", [("1\n", "")], checker={"kind": "custom", "path": "checker"}
    )
    (dataset / "checker").mkdir()
    (dataset / "checker" / "validator.py").write_text(
        "import sys\nsys.exit(0)  # neither 42 nor 43\n"
    )
    with pytest.raises(CheckerFailure, match="exited with 0"):
        await judge_submission(
            dataset, Submission("python3", {"a.py": "print(1)"}), client=docker_client
        )


PY_VALIDATOR = """
import sys

def main():
    expected = open(sys.argv[2]).read().split()
    got = sys.stdin.read().split()
    if sorted(got) != sorted(expected):
        with open(sys.argv[3] + "/judgemessage.txt", "w") as f:
            f.write("not a permutation of the answer")
        sys.exit(43)
    sys.exit(42)

if __name__ == "__main__":
    main()
"""


@pytest.mark.docker
@pytest.mark.parametrize(
    "files",
    [
        # a Python validator under an unconventional name, beside a helper module
        {"perm_check.py": PY_VALIDATOR, "helpers.py": "X = 1\n"},
        # DOMjudge-style: a build script compiles, a run script runs
        {
            "build": "#!/bin/sh\nset -e\ncp perm.py validator.py\n",
            "run": '#!/bin/sh\nexec python3 validator.py "$@"\n',
            "perm.py": PY_VALIDATOR,
        },
    ],
    ids=["python-main-by-__main__", "build-and-run-scripts"],
)
async def test_validator_entry_points(
    docker_client: Any, tmp_path: Path, files: dict[str, str]
) -> None:
    dataset = make_dataset(
        tmp_path / "perm",
        [("3\n", "1 2 3\n"), ("2\n", "5 4\n")],
        checker={"kind": "custom", "path": "checker"},
    )
    (dataset / "checker").mkdir()
    for name, text in files.items():
        (dataset / "checker" / name).write_text(text)
    right = "n=input()\nprint(*({'3': [3, 1, 2], '2': [4, 5]}[n.strip()]))\n"
    report = await judge_submission(
        dataset, Submission("python3", {"a.py": right}), client=docker_client
    )
    assert report.verdict is Verdict.AC, [r.model_dump() for r in report.runs]
    report = await judge_submission(
        dataset, Submission("python3", {"a.py": "print(1, 2, 2)\n"}), client=docker_client
    )
    assert report.verdict is Verdict.WA
    assert report.runs[0].message == "not a permutation of the answer"
