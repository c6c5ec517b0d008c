"""The older C++ standards, PyPy, TypeScript and JavaScript's SpiderMonkey prelude through the
real runtime image: accepted where they should be, refused where the language refuses, and
the precompiled header really used."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from ictjudge.judge import Submission, judge_submission
from ictjudge.languages import CPP_STANDARDS, LANGUAGES, Program, plan
from ictjudge.sandbox import Sandbox, SandboxConfig
from ictjudge.wire import Report, Verdict
from tests.judge.conftest import make_dataset

pytestmark = pytest.mark.docker

CPP_AB = "#include <bits/stdc++.h>\nusing namespace std;\nint main(){long long a,b;cin>>a>>b;cout<<a+b<<'\\n';}"
PY_AB = "a, b = map(int, input().split())\nprint(a + b)\n"
SPIDERMONKEY_AB = "const [a, b] = readline().split(' ').map(Number);\nprint(a + b);\n"
TS_AB = (
    "const line: string = readline() ?? '';\n"
    "const [a, b]: number[] = line.split(' ').map(Number);\n"
    "print(a + b);\n"
)

AB: dict[str, dict[str, str | bytes]] = {
    "cpp14": {"a.cpp": CPP_AB},
    "cpp17": {"a.cpp": CPP_AB},
    "pypy3": {"a.py": PY_AB},
    "typescript": {"a.ts": TS_AB},
    "javascript": {"a.js": SPIDERMONKEY_AB},
    # Node's own readline module under that name shadows the prelude's function
    "javascript-node-readline": {
        "a.js": "const readline = require('readline');\n"
        "const rl = readline.createInterface({ input: process.stdin });\n"
        "rl.on('line', (line) => { const [a, b] = line.split(' ').map(Number);"
        " console.log(a + b); });\n"
    },
    "javascript-own-print": {
        "a.js": "function print(value) { process.stdout.write(String(value) + '\\n'); }\n"
        "const [a, b] = readline().split(' ').map(Number);\nprint(a + b);\n"
    },
    "typescript-two-files": {
        "main.ts": "import { add } from './helper';\n"
        "const [a, b] = (readline() ?? '').split(' ').map(Number);\nprint(add(a, b));\n",
        "helper.ts": "export function add(a: number, b: number): number {\n  return a + b;\n}\n",
    },
}


async def _judge(
    client: Any, dataset: Path, language: str, files: dict[str, str | bytes]
) -> Report:
    return await judge_submission(dataset, Submission(language, files), client=client)


@pytest.mark.parametrize("case", list(AB))
async def test_a_plus_b_is_accepted(docker_client: Any, aplusb: Path, case: str) -> None:
    language = case.partition("-")[0]
    report = await _judge(docker_client, aplusb, language, AB[case])
    assert report.verdict is Verdict.AC, (report.compile, [r.model_dump() for r in report.runs])
    assert report.language == language


def _box_run(
    client: Any, language: str, files: dict[str, bytes], stdin: bytes, extra: tuple[str, ...] = ()
) -> tuple[bytes, bytes, int]:
    """Compile (with ``extra`` flags) and, when that worked and nothing was added, run the
    program with the judge's own argv; the output, the last step's stderr, its exit code."""
    lang = LANGUAGES[language]
    program = plan(lang, files)
    assert isinstance(program, Program), program
    with Sandbox(client, SandboxConfig(), 1024, 64) as box:
        for name, data in program.files.items():
            box.write(name, data)
        compile_argv = lang.compile_argv(program, 256)
        if compile_argv is not None:
            built = box.run(
                compile_argv + list(extra), 60_000, 120_000, 1 << 20, 1 << 20, stdout=".c-out"
            )
            if built.exit_code or extra:
                return b"", box.read(".stderr", 1 << 20)[0], built.exit_code
        box.write("in", stdin)
        ran = box.run(lang.run_argv(program, 256), 10_000, 30_000, 512 << 10, 1 << 20, "in", "out")
        return box.read("out", 1 << 20)[0], box.read(".stderr", 1 << 20)[0], ran.exit_code


def test_readline_gives_lines_without_newline_then_null(docker_client: Any) -> None:
    source = (
        b"const lines = [];\nlet line;\n"
        b"while ((line = readline()) !== null) lines.push(line);\n"
        b"print(JSON.stringify(lines), readline(), readline() === null);\n"
    )
    out, err, code = _box_run(
        docker_client, "javascript", {"a.js": source}, b"first line\nsecond\r\n\nlast"
    )
    assert (out, code) == (b'["first line","second","","last"] null true\n', 0), err


def test_print_joins_with_spaces_and_keeps_program_order(docker_client: Any) -> None:
    source = (
        b"print(1, 'two', 3.5, [4, 5], null);\n"
        b"console.log('log');\n"
        b"print('after log');\n"
        b"process.stdout.write('write\\n');\n"
        b"putstr('put', 'str');\n"
        b"print();\n"
        b"for (let i = 0; i < 20000; i++) print(i);\n"  # past the prelude's buffer
        b"console.log('end');\n"
    )
    out, err, code = _box_run(docker_client, "javascript", {"a.js": source}, b"")
    numbers = "".join(f"{i}\n" for i in range(20000))
    expected = f"1 two 3.5 4,5 null\nlog\nafter log\nwrite\nput str\n{numbers}end\n"
    assert (out.decode(), code) == (expected, 0), err


async def test_a_typescript_type_error_is_a_compile_error_with_tscs_message(
    docker_client: Any, aplusb: Path
) -> None:
    source = "const answer: number = 'forty-two';\nprint(answer);\n"
    report = await _judge(docker_client, aplusb, "typescript", {"a.ts": source})
    assert report.verdict is Verdict.CE
    assert report.compile is not None
    assert (
        "error TS2322: Type 'string' is not assignable to type 'number'" in report.compile.message
    )


# Old C++ that newer standards refuse (g++ 12) ------------------------------------------------

OLD_CPP = {
    # C++17 requires a set's comparator to be callable as const (LWG 2542); libstdc++ checks it
    # with a static_assert from C++17 on.
    "non-const-comparator": (
        "#include <cstdio>\n#include <set>\n"
        "struct Greater { bool operator()(long long a, long long b) { return a > b; } };\n"
        "int main(){ std::set<long long, Greater> s; long long a, b;\n"
        '  if (scanf("%lld %lld", &a, &b) != 2) return 1; s.insert(a); s.insert(b);\n'
        '  printf("%lld\\n", a + b); }\n',
        "comparison object must be invocable as const",
    ),
    # C++17 added std::size: with ``using namespace std`` a global named size is ambiguous.
    "global-named-size": (
        "#include <bits/stdc++.h>\nusing namespace std;\nlong long size;\n"
        "int main(){ long long a, b; cin >> a >> b; size = a + b; cout << size << '\\n'; }\n",
        "is ambiguous",
    ),
}


@pytest.mark.parametrize("name", list(OLD_CPP))
async def test_old_cpp_fails_in_cpp17_and_20_and_builds_in_cpp14(
    docker_client: Any, aplusb: Path, name: str
) -> None:
    source, message = OLD_CPP[name]
    for standard in ("cpp", "cpp17"):
        refused = await _judge(docker_client, aplusb, standard, {"a.cpp": source})
        assert refused.verdict is Verdict.CE, (standard, refused.verdict)
        assert refused.compile is not None and message in refused.compile.message
    accepted = await _judge(docker_client, aplusb, "cpp14", {"a.cpp": source})
    assert accepted.verdict is Verdict.AC, accepted.compile


@pytest.mark.parametrize("standard", CPP_STANDARDS)
def test_the_precompiled_header_is_used(docker_client: Any, standard: str) -> None:
    """With ``-H`` g++ lists the headers it reads; ``!`` marks the precompiled header it used,
    ``x`` those it tried first and found unusable (other standards' in the same directory)."""
    argv = LANGUAGES[standard].compile or ()
    dialect = next(flag.removeprefix("-std=") for flag in argv if flag.startswith("-std="))
    source = {"a.cpp": CPP_AB.encode()}
    _, err, code = _box_run(docker_client, standard, source, b"", ("-Winvalid-pch", "-H"))
    assert code == 0, err
    marks = {
        line[2:].rsplit("/", 1)[-1]: line[0]
        for line in err.decode().splitlines()
        if line[:2] in ("! ", "x ") and "/bits/stdc++.h.gch/" in line
    }
    assert marks.pop(dialect, None) == "!", err
    assert set(marks.values()) <= {"x"}, err  # tried before it, in the directory's order


async def test_pypy_runs_the_program(docker_client: Any, tmp_path: Path) -> None:
    """PyPy's speed is not asserted (it would depend on the machine); that PyPy runs it is."""
    dataset = make_dataset(tmp_path / "impl", [("", "PyPy\n")], limits={"time_s": 5.0})
    source = "import platform\nprint(platform.python_implementation())\n"
    pypy = await _judge(docker_client, dataset, "pypy3", {"a.py": source})
    assert pypy.verdict is Verdict.AC, [r.model_dump() for r in pypy.runs]
    cpython = await _judge(docker_client, dataset, "python3", {"a.py": source})
    assert cpython.verdict is Verdict.WA  # CPython says "CPython"


async def test_a_pypy_syntax_error_is_a_compile_error(docker_client: Any, aplusb: Path) -> None:
    report = await _judge(docker_client, aplusb, "pypy3", {"a.py": "def f(:\n    pass\n"})
    assert report.verdict is Verdict.CE
    assert report.compile is not None and "SyntaxError" in report.compile.message
