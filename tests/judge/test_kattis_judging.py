"""Jury submissions as real contest packages ship them, through the real sandbox: several files,
Java classes that are not where javac expects them, deep recursion, floods of output and of
debug output, answers followed by a crash, scores from validators."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from ictjudge.judge import Submission, judge_submission
from ictjudge.wire import Verdict
from tests.judge.conftest import make_dataset

pytestmark = pytest.mark.docker

ECHO_N = [("1000000", "1000000\n"), ("3\r\n", "3\n")]  # no trailing newline; a CRLF line

SUBMISSIONS: dict[str, tuple[str, dict[str, str], Verdict]] = {
    "c-several-files": ("c", {
        "main.c": '#include <stdio.h>\n#include "util.h"\nint main(void){long n;'
                  'scanf("%ld",&n);printf("%ld\\n",same(n));return 0;}\n',
        "util.c": '#include "util.h"\nlong same(long n){return n;}\n',
        "util.h": "long same(long n);\n",
        "README": "not a source\n",
    }, Verdict.AC),
    "java-two-public-classes": ("java", {
        "hello.java": "import java.util.*;\npublic class hello { public static void main("
                      "String[] a) { System.out.println(new message().echo(new Scanner("
                      "System.in).nextLong())); } }\n",
        "message.java": "public class message { long echo(long x) { return x; } }\n",
    }, Verdict.AC),
    "java-package-line": ("java", {
        "Solution.java": "package nwerc.sol;\nimport java.io.*;\npublic class Solution {\n"
                         " public static void main(String[] args) throws IOException {\n"
                         "  BufferedReader r = new BufferedReader(new InputStreamReader(System.in));\n"
                         "  System.out.println(Long.parseLong(r.readLine().trim())); } }\n",
    }, Verdict.AC),
    "java-class-not-named-like-file": ("java", {
        "test-memsize.java": "import java.util.*;\nclass Helper { static long id(long x) { return x; } }\n"
                             "final class Solver { public static void main(String[] a) {"
                             " System.out.println(Helper.id(new Scanner(System.in).nextLong())); } }\n",
    }, Verdict.AC),
    "java-deep-recursion": ("java", {
        "Main.java": "import java.util.*;\npublic class Main { static long f(long n) {"
                     " return n == 0 ? 0 : 1 + f(n - 1); }\n public static void main(String[] a) {"
                     " long n = new Scanner(System.in).nextLong();"
                     " System.out.println(f(Math.min(n, 300000)) + Math.max(0, n - 300000)); } }\n",
    }, Verdict.AC),
    "cpp-deep-recursion": ("cpp", {
        "a.cpp": "#include <bits/stdc++.h>\nusing namespace std;\nvector<long> memo;\n"
                 "long f(long n){ if(n==0) return 0; long r = 1 + f(n-1); memo.push_back(r); "
                 "return r; }\nint main(){ long n; cin >> n; cout << f(n) << '\\n'; }\n",
    }, Verdict.AC),
    "cpp20-features": ("cpp", {
        "a.cpp": "#include <bits/stdc++.h>\nint main(){ long n; std::cin >> n; std::map<int,int> m{{1,2}};"
                 " std::vector<long> v{n}; auto r = v | std::views::transform([](long x){return x;});"
                 " if (m.contains(1) && std::popcount(8u) == 1) std::cout << *r.begin() << '\\n'; }\n",
    }, Verdict.AC),
    "python-main-and-helper": ("python3", {
        "helper.py": "def parse(text):\n    return int(text.split()[0])\n",
        "main.py": "import sys\nfrom helper import parse\nsys.setrecursionlimit(10**6)\n"
                   "def f(n):\n    return 0 if n == 0 else f(n - 1) + 1\n"
                   "n = parse(sys.stdin.read())\nprint(f(min(n, 100000)) + max(0, n - 100000))\n",
    }, Verdict.AC),
    "javascript-readline": ("javascript", {
        "a.js": "const rl = require('readline').createInterface({input: process.stdin});\n"
                "rl.on('line', (line) => console.log(parseInt(line)));\n",
    }, Verdict.AC),
    "debug-output-flood": ("python3", {
        "a.py": "import sys\nn = int(input())\nfor i in range(300000):\n"
                "    print('debug', i, file=sys.stderr)\nprint(n)\n",
    }, Verdict.AC),
    "answer-then-crash": ("c", {
        "a.c": '#include <stdio.h>\nint main(void){long n;scanf("%ld",&n);printf("%ld\\n",n);'
               'fflush(stdout);return 3;}\n',
    }, Verdict.RE),
    "too-much-output-then-exit": ("cpp", {
        "a.cpp": '#include <cstdio>\nint main(){for(int i=0;i<6000000;i++)puts("spam");}\n',
    }, Verdict.OLE),
    "endless-output": ("cpp", {
        "a.cpp": "#include <iostream>\nint main(){while(1) std::cout << \"Fill stdout with nonsense.\\n\";}\n",
    }, Verdict.TLE),
}  # fmt: skip


@pytest.fixture(scope="module")
def echo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_dataset(
        tmp_path_factory.mktemp("echo") / "echo",
        ECHO_N,
        limits={"time_s": 2.0, "memory_mb": 512, "output_mb": 8},
    )


@pytest.mark.parametrize("name", list(SUBMISSIONS), ids=list(SUBMISSIONS))
async def test_jury_submissions_get_their_verdicts(
    docker_client: Any, echo: Path, name: str
) -> None:
    language, files, expected = SUBMISSIONS[name]
    report = await judge_submission(echo, Submission(language, dict(files)), client=docker_client)
    assert report.verdict is expected, (report.compile, [r.model_dump() for r in report.runs])


SCORE_VALIDATOR = """\
import sys
kind = open(sys.argv[1]).read().split()[0]
got = sys.stdin.read().split()
if got != ["ok"]:
    sys.exit(43)
if kind == "zero":
    open(sys.argv[3] + "/score.txt", "w").write("0\\n")
elif kind == "half":
    open(sys.argv[3] + "/score_multiplier.txt", "w").write("0.5")
sys.exit(42)
"""


async def test_validator_scores_zero_and_multipliers_count(
    docker_client: Any, tmp_path: Path
) -> None:
    dataset = make_dataset(
        tmp_path / "scores",
        [],
        groups=[
            {"name": "zero", "cases": [("zero\n", "")], "aggregation": "sum",
             "max_score": 10, "accept_score": 10},
            {"name": "half", "cases": [("half\n", "")], "aggregation": "sum",
             "max_score": 30, "accept_score": 30},
            {"name": "plain", "cases": [("plain\n", "")], "aggregation": "sum",
             "max_score": 60, "accept_score": 60},
        ],
        scoring="scoring",
        checker={"kind": "custom", "path": "checker"},
    )  # fmt: skip
    (dataset / "checker").mkdir()
    (dataset / "checker" / "validator.py").write_text(SCORE_VALIDATOR)
    report = await judge_submission(
        dataset, Submission("python3", {"a.py": "print('ok')\n"}), client=docker_client
    )
    assert {r.group: r.score for r in report.runs} == {"zero": 0, "half": 15, "plain": 60}
    # every test accepted: accepted, with the score the validator gave (2025-09)
    assert (report.verdict, report.score, report.max_score) == (Verdict.AC, 75, 100)
