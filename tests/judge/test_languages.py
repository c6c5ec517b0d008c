"""Every language through the real sandbox: A+B accepted, wrong, too slow, crashing, not
compiling."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from ictjudge.judge import Submission, judge_submission
from ictjudge.wire import Verdict

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


# Kattis submissions: several files, Java entry points (pure, no sandbox) ----------------------

from ictjudge.languages import LANGUAGES as ALL  # noqa: E402
from ictjudge.languages import Program, by_extension, java_entry, plan  # noqa: E402


@pytest.mark.parametrize(
    ("sources", "entry"),
    [
        ({"Main.java": "public class Main { public static void main(String[] a) {} }"}, "Main"),
        ({"x.java": "class Helper {}\nfinal class Solve {\n public static void main(String... a) {}\n}"},
         "Solve"),
        ({"A.java": "package se.kth.judge;\npublic class A { static public void main(String[] a){} }"},
         "se.kth.judge.A"),
        ({"A.java": '// class Fake { public static void main(String[] a) {} }\n'
                    'class B { String s = "class C {"; public static void main(String[] a){} }'},
         "B"),
        ({"hello.java": "public class hello { public static void main(String[] a) {} }",
          "message.java": "public class message { void print() {} }"}, "hello"),
        ({"Outer.java": "public class Outer { static class In { int x; }\n"
                        "  public static void main(String[] a) {} }"}, "Outer"),
    ],
    ids=["main", "not-public-other-name", "package", "comments-and-strings", "two-files", "nested"],
)  # fmt: skip
def test_the_java_class_to_run_is_the_one_declaring_main(
    sources: dict[str, str], entry: str
) -> None:
    assert java_entry(sources) == entry


def test_a_single_file_is_written_under_the_languages_name() -> None:
    program = plan(ALL["cpp"], {"my solution.txt": b"int main(){}"})  # the language was chosen
    assert isinstance(program, Program)
    assert (program.files, program.sources) == ({"main.cpp": b"int main(){}"}, ["main.cpp"])
    java = plan(
        ALL["java"], {"test-memsize.java": b"class Main { public static void main(String[] a){} }"}
    )
    assert isinstance(java, Program) and (java.sources, java.main) == (["Main.java"], "Main")
    public = plan(
        ALL["java"], {"x.java": b"public class Hello { public static void main(String[] a){} }"}
    )
    assert isinstance(public, Program) and public.sources == ["Hello.java"]


def test_several_files_keep_their_names_and_find_their_entry() -> None:
    program = plan(ALL["python3"], {"solve/helper.py": b"X = 1", "solve/main.py": b"import helper"})
    assert isinstance(program, Program)
    assert (program.entry, sorted(program.files)) == ("main.py", ["helper.py", "main.py"])
    c = plan(ALL["c"], {"a.c": b"", "b.c": b"", "a.h": b"", "notes.txt": b""})
    assert isinstance(c, Program)
    assert c.sources == ["a.c", "b.c"] and set(c.files) == {"a.c", "b.c", "a.h", "notes.txt"}
    assert ALL["c"].compile_argv(c, 256) == [
        "gcc", "-O2", "-std=gnu17", "-pipe", "-fuse-ld=gold", "-o", "main", "a.c", "b.c", "-lm"
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("language", "files", "message"),
    [
        ("java", {"A.java": b"class A {}"}, "no class declares"),
        ("c", {"readme.txt": b"", "notes.md": b""}, "no C (gcc, C17) source file"),
        ("c", {"a b.c": b"", "b.c": b""}, "not a usable file name"),
        ("c", {"x/a.c": b"", "y/a.c": b""}, "two files are named 'a.c'"),
    ],
)
def test_unbuildable_submissions_are_explained(
    language: str, files: dict[str, bytes], message: str
) -> None:
    program = plan(ALL[language], files)
    assert isinstance(program, str) and message in program


def test_extensions() -> None:
    assert [getattr(by_extension(n), "id", None) for n in
            ("a.C", "a.c", "a.c++", "a.CPP", "a.py3", "a.js", "a.kt")] == [
        "cpp", "c", "cpp", "cpp", "python3", "javascript", None]  # fmt: skip


# C++ standards, newest first (pure) ---------------------------------------------------------------

from ictjudge.languages import CPP_STANDARDS, is_cpp  # noqa: E402


def test_cpp_standards_are_newest_first_and_all_declared() -> None:
    assert CPP_STANDARDS == ("cpp", "cpp17", "cpp14")
    assert [ALL[s].compile[2] for s in CPP_STANDARDS if ALL[s].compile] == [
        "-std=gnu++20", "-std=gnu++17", "-std=gnu++14"
    ]  # fmt: skip
    assert [lang for lang in ALL if is_cpp(lang)] == list(CPP_STANDARDS)
    assert not is_cpp("c") and not is_cpp("cpp11")
