"""Every language through the real sandbox: A+B accepted, wrong, too slow, crashing, not
compiling."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from ictjudge.judge import Submission, judge_submission
from ictjudge.report import Verdict

pytestmark = pytest.mark.docker

PROGRAMS: dict[str, dict[str, tuple[str, str]]] = {
    "c": {
        "AC": (
            "a.c",
            '#include <stdio.h>\nint main(void){long long a,b;scanf("%lld %lld",&a,&b);printf("%lld\\n",a+b);return 0;}',
        ),
        "WA": (
            "a.c",
            '#include <stdio.h>\nint main(void){long long a,b;scanf("%lld %lld",&a,&b);printf("%lld\\n",a-b);return 0;}',
        ),
        "TLE": ("a.c", "int main(void){volatile unsigned long x=0;for(;;)x++;}"),
        "RE": ("a.c", "#include <stdlib.h>\nint main(void){abort();}"),
        "CE": ("a.c", "int main(void){ return undefined_name; }"),
    },
    "cpp": {
        "AC": (
            "a.cpp",
            "#include <iostream>\nint main(){long long a,b;std::cin>>a>>b;std::cout<<a+b<<'\\n';}",
        ),
        "WA": (
            "a.cpp",
            "#include <iostream>\nint main(){long long a,b;std::cin>>a>>b;std::cout<<a*b<<'\\n';}",
        ),
        "TLE": ("a.cpp", "int main(){volatile unsigned long x=0;for(;;)x++;}"),
        "RE": ("a.cpp", "#include <vector>\nint main(){std::vector<int> v;return v.at(5);}"),
        "CE": ("a.cpp", "int main(){ std::cout << 1; }"),
    },
    "python3": {
        "AC": ("a.py", "a, b = map(int, input().split())\nprint(a + b)\n"),
        "WA": ("a.py", "a, b = map(int, input().split())\nprint(a + b + 1)\n"),
        "TLE": ("a.py", "while True:\n    pass\n"),
        "RE": ("a.py", "raise SystemExit(3)\n"),
        "CE": ("a.py", "def f(:\n    pass\n"),
    },
    "java": {
        "AC": (
            "Main.java",
            "import java.util.*;\npublic class Main{public static void main(String[] a){Scanner s=new Scanner(System.in);System.out.println(s.nextLong()+s.nextLong());}}",
        ),
        "WA": (
            "Main.java",
            "public class Main{public static void main(String[] a){System.out.println(42);}}",
        ),
        "TLE": (
            "Main.java",
            "public class Main{public static void main(String[] a){long x=0;while(true){x++;}}}",
        ),
        "RE": (
            "Main.java",
            'public class Main{public static void main(String[] a){throw new RuntimeException("boom");}}',
        ),
        "CE": (
            "Main.java",
            'public class Main{public static void main(String[] a){int x = "text";}}',
        ),
    },
    "javascript": {
        "AC": (
            "a.js",
            "const [a, b] = require('fs').readFileSync(0, 'utf8').trim().split(/\\s+/).map(BigInt);\nconsole.log((a + b).toString());",
        ),
        "WA": ("a.js", "console.log('7');"),
        "TLE": ("a.js", "for (;;) {}"),
        "RE": ("a.js", "null.property;"),
        "CE": ("a.js", "function ( {"),
    },
}

# Node has no compile step: a syntax error is found when the program starts (Kattis: RTE).
EXPECTED = {("javascript", "CE"): Verdict.RE}
CASES = [(lang, want) for lang, programs in PROGRAMS.items() for want in programs]


@pytest.mark.parametrize(("language", "expected"), CASES, ids=[f"{lang}-{v}" for lang, v in CASES])
async def test_language_matrix(
    docker_client: Any, aplusb: Path, language: str, expected: str
) -> None:
    filename, source = PROGRAMS[language][expected]
    report = await judge_submission(
        aplusb, Submission(language, {filename: source}), client=docker_client
    )
    want = EXPECTED.get((language, expected), Verdict(expected))
    assert report.verdict is want, (report.compile, [r.model_dump() for r in report.runs])
    if want is Verdict.AC:
        assert report.score == report.max_score
        assert all(run.cpu_ms < 1000 and run.memory_kb > 0 for run in report.runs)
    if want is Verdict.CE:
        assert report.compile is not None and report.compile.message
    if want is Verdict.TLE:
        assert len(report.runs) == 1  # pass-fail judging stops at the first rejection


async def test_java_gets_its_heap_without_false_memory_verdicts(
    docker_client: Any, tmp_path: Path
) -> None:
    from tests.judge.conftest import make_dataset

    dataset = make_dataset(tmp_path / "big", [("", "ok\n")], limits={"memory_mb": 256})
    source = (
        "public class Main{public static void main(String[] a){"
        "int[] big = new int[40_000_000]; big[big.length-1]=1;"  # 160 MB of the 256 MB allowed
        'System.out.println(big[big.length-1]==1?"ok":"no");}}'
    )
    report = await judge_submission(
        dataset, Submission("java", {"Main.java": source}), client=docker_client
    )
    assert report.verdict is Verdict.AC, [r.model_dump() for r in report.runs]
