"""Hostile submissions against the real engine: each gets the right verdict within its limits,
leaves no container behind (checked after every test by the conftest), and the next
submission is judged normally. Every language meets the same four: an endless loop, a memory
bomb, a process bomb (where the language can start processes) and an output flood. The memory
bombs take 16 MiB a step, so that even a slow interpreter on a busy machine reaches the memory
limit long before its time limit.

Every judging goes through :func:`_judge` with the ``judge_config`` fixture, so the same cases can
run under another judge configuration by parametrising that fixture."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import pytest

from ictjudge.judge import JudgeConfig, Submission, judge_submission
from ictjudge.pool import Pool
from ictjudge.wire import Report, Verdict
from tests.judge.conftest import make_dataset

pytestmark = pytest.mark.docker
SECRET = "SECRET-ANSWER-5f1c"

# Timed out or out of memory is the usual end; where a runtime caps its own heap it dies of
# the allocation failure first, with an error exit (a run-time error), before the sandbox's
# memory limit is reached.
LOOPED = {Verdict.TLE}
# Out of memory, or out of time first: filling memory costs CPU time (page faults, and the
# kernel's reclaim as the sandbox nears its limit), and on a busy machine that time can pass
# the time limit before the memory does.
BLOATED = {Verdict.MLE, Verdict.TLE}
FORKED = {Verdict.TLE, Verdict.RE}  # the pids limit stops it; the parent spins or dies
FLOODED = {Verdict.TLE, Verdict.OLE}  # output past the limit is discarded, then time runs out

HOSTILE: dict[str, tuple[str, str, str, set[Verdict]]] = {
    "fork-bomb": (
        "c",
        "a.c",
        "#include <unistd.h>\nint main(void){for(;;)fork();}",
        {Verdict.TLE, Verdict.RE},
    ),
    "memory-bomb": (
        "c",
        "a.c",
        "#include <stdlib.h>\n#include <string.h>\nint main(void){for(;;){char*p=malloc(1<<24);if(!p)return 1;memset(p,1,1<<24);}}",
        BLOATED,
    ),
    "stack-overflow": (
        "c",
        "a.c",
        "int f(int n){volatile char b[4096];b[0]=n;return f(n+1)+b[0];}\nint main(void){return f(0);}",
        {Verdict.RE, Verdict.MLE},
    ),
    "infinite-loop": ("cpp", "a.cpp", "int main(){for(;;);}", {Verdict.TLE}),
    "sleep-forever": ("python3", "a.py", "import time\ntime.sleep(10**6)\n", {Verdict.TLE}),
    "output-flood": (
        "c",
        "a.c",
        '#include <stdio.h>\nint main(void){for(;;)fputs("xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\\n",stdout);}',
        # output past the limit is discarded, not fatal: time runs out first (DOMjudge's order)
        {Verdict.TLE},
    ),
    "disk-fill": (
        "python3",
        "a.py",
        "import os\nblock = b'x' * (1 << 20)\ni = 0\ntry:\n    while True:\n        with open(f'f{i}', 'wb') as f:\n            for _ in range(8):\n                f.write(block)\n        i += 1\nexcept OSError:\n    pass\nprint('filled')\n",
        # with the work directory full, even its output cannot be written: a run-time error
        {Verdict.RE, Verdict.WA},
    ),
    "kill-everything": (
        "c",
        "a.c",
        '#include <signal.h>\n#include <stdio.h>\nint main(void){kill(-1,SIGKILL);int a,b;scanf("%d %d",&a,&b);printf("%d\\n",a+b);return 0;}',
        {Verdict.AC},
    ),
    "background-child": (
        "c",
        "a.c",
        '#include <stdio.h>\n#include <unistd.h>\nint main(void){if(fork()==0){setsid();if(fork()==0){for(;;)sleep(1);}return 0;}int a,b;scanf("%d %d",&a,&b);printf("%d\\n",a+b);return 0;}',
        {Verdict.AC},
    ),
}


# The same four attacks in every language ------------------------------------------------------

C_LOOP = "int main(void){volatile unsigned long x=0;for(;;)x++;}"
CPP_LOOP = "int main(){volatile unsigned long x=0;for(;;)x++;}"
C_FORK = "#include <unistd.h>\nint main(void){for(;;)fork();}"
CPP_FORK = "#include <unistd.h>\nint main(){for(;;)fork();}"
CPP_MEMORY = "#include <vector>\nint main(){std::vector<std::vector<char>> v;for(;;)v.emplace_back(1<<24,1);}"
CPP_FLOOD = '#include <cstdio>\nint main(){for(;;)std::fputs("xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\\n",stdout);}'
PY_LOOP = "x = 0\nwhile True:\n    x += 1\n"
PY_MEMORY = "hoard = []\nwhile True:\n    hoard.append(b'x' * (1 << 24))\n"
PY_FORK = "import os\nwhile True:\n    try:\n        os.fork()\n    except OSError:\n        pass\n"
PY_FLOOD = "import sys\nline = 'x' * 999 + '\\n'\nwhile True:\n    sys.stdout.write(line)\n"
JAVA = "public class Main{public static void main(String[] a) throws Exception{%s}}"
JS_SPAWN = (
    "const { spawn } = require('child_process');\n"
    "for (;;) { try { spawn('/bin/sh', ['-c', 'sleep 1000']); } catch (e) {} }\n"
)


EVERY_LANGUAGE: dict[str, tuple[str, str, set[Verdict]]] = {
    "c-infinite-loop": ("a.c", C_LOOP, LOOPED),
    "c-memory-bomb": ("a.c", HOSTILE["memory-bomb"][2], BLOATED),
    "c-process-bomb": ("a.c", C_FORK, FORKED),
    "c-output-flood": ("a.c", HOSTILE["output-flood"][2], FLOODED),
    **{
        f"{cpp}-{kind}": ("a.cpp", source, verdicts)
        for cpp in ("cpp", "cpp17", "cpp14")
        for kind, source, verdicts in (
            ("infinite-loop", CPP_LOOP, LOOPED),
            # std::bad_alloc never comes: the allocations succeed until the sandbox's limit
            ("memory-bomb", CPP_MEMORY, BLOATED),
            ("process-bomb", CPP_FORK, FORKED),
            ("output-flood", CPP_FLOOD, FLOODED),
        )
    },
    **{
        f"{python}-{kind}": ("a.py", source, verdicts)
        for python in ("python3", "pypy3")
        for kind, source, verdicts in (
            ("infinite-loop", PY_LOOP, LOOPED),
            # no MemoryError: the interpreter allocates until the sandbox's limit
            ("memory-bomb", PY_MEMORY, BLOATED),
            ("process-bomb", PY_FORK, FORKED),
            ("output-flood", PY_FLOOD, FLOODED),
        )
    },
    "java-infinite-loop": ("Main.java", JAVA % "long x=0;while(true){x++;}", LOOPED),
    # The JVM's heap is capped at the memory limit (-Xmx): OutOfMemoryError ends the program
    # with exit code 1 before the sandbox's limit (heap plus the JVM's own allowance) is reached.
    "java-memory-bomb": (
        "Main.java",
        JAVA
        % "java.util.List<byte[]> h=new java.util.ArrayList<>();while(true){h.add(new byte[1<<20]);}",
        {Verdict.RE},
    ),
    # Java has no fork: it starts processes (each stops at the pids limit) and threads
    "java-process-bomb": (
        "Main.java",
        JAVA
        % 'while(true){try{new ProcessBuilder("/bin/sh","-c","sleep 1000").start();}catch(Exception e){}'
        "try{new Thread(()->{while(true){}}).start();}catch(Throwable t){}}",
        FORKED,
    ),
    "java-output-flood": (
        "Main.java",
        JAVA
        % "java.io.PrintWriter w=new java.io.PrintWriter(new java.io.BufferedOutputStream(System.out));"
        'String s="x".repeat(999);while(true){w.println(s);}',
        FLOODED,
    ),
    "javascript-infinite-loop": ("a.js", "let x = 0;\nfor (;;) { x++; }\n", LOOPED),
    # Buffers live outside V8's capped heap: nothing in Node refuses them, the sandbox stops them
    "javascript-memory-bomb": (
        "a.js",
        "const hoard = [];\nfor (;;) hoard.push(Buffer.alloc(1 << 24, 1));\n",
        BLOATED,
    ),
    "javascript-process-bomb": ("a.js", JS_SPAWN, FORKED),
    "javascript-output-flood": (
        "a.js",
        "const line = 'x'.repeat(999);\nfor (;;) print(line);\n",  # the prelude's print
        FLOODED,
    ),
    "typescript-infinite-loop": ("a.ts", "let x: number = 0;\nfor (;;) { x++; }\n", LOOPED),
    "typescript-memory-bomb": (
        "a.ts",
        "const hoard: unknown[] = [];\nfor (;;) hoard.push(Buffer.alloc(1 << 24, 1));\n",
        BLOATED,
    ),
    "typescript-process-bomb": ("a.ts", JS_SPAWN, FORKED),
    "typescript-output-flood": (
        "a.ts",
        "const line: string = 'x'.repeat(999) + '\\n';\nfor (;;) process.stdout.write(line);\n",
        FLOODED,
    ),
}

PY_AB = "a, b = map(int, input().split())\nprint(a + b)\n"
CPP_AB = "#include <iostream>\nint main(){long long a,b;std::cin>>a>>b;std::cout<<a+b<<'\\n';}"
JS_AB = "const [a, b] = readline().split(' ').map(Number);\nprint(a + b);\n"
NORMAL: dict[str, tuple[str, str]] = {
    "c": (
        "a.c",
        '#include <stdio.h>\nint main(void){int a,b;scanf("%d %d",&a,&b);printf("%d\\n",a+b);}',
    ),
    "cpp": ("a.cpp", CPP_AB),
    "cpp17": ("a.cpp", CPP_AB),
    "cpp14": ("a.cpp", CPP_AB),
    "python3": ("a.py", PY_AB),
    "pypy3": ("a.py", PY_AB),
    "java": (
        "Main.java",
        JAVA
        % "java.util.Scanner s=new java.util.Scanner(System.in);System.out.println(s.nextInt()+s.nextInt());",
    ),
    "javascript": ("a.js", JS_AB),
    "typescript": (
        "a.ts",
        "const [a, b] = (readline() ?? '').split(' ').map(Number);\nprint(a + b);\n",
    ),
}


async def _judge(
    client: Any,
    config: JudgeConfig,
    dataset: Path,
    language: str,
    filename: str,
    source: str | bytes,
) -> Report:
    submission = Submission(language, {filename: source})
    return await judge_submission(dataset, submission, client=client, config=config)


@pytest.fixture(params=["fresh", "pool"])
def judge_config(request: pytest.FixtureRequest, warm_pool: Pool) -> JudgeConfig:
    """Each case runs in a sandbox started for it, and again in one from the warm pool."""
    return JudgeConfig(pool=warm_pool) if request.param == "pool" else JudgeConfig()


@pytest.fixture
def small(tmp_path: Path) -> Path:
    return make_dataset(
        tmp_path / "small",
        [("1 2\n", "3\n"), ("5 6\n", "11\n")],
        limits={"time_s": 1.0, "wall_s": 3.0, "memory_mb": 64, "output_mb": 8},
    )


async def _survives(
    client: Any, config: JudgeConfig, dataset: Path, language: str, filename: str, source: str
) -> Report:
    """The hostile program's report, after checking the judge's next submission (the same
    language's A+B) is accepted."""
    started = time.monotonic()
    report = await _judge(client, config, dataset, language, filename, source)
    assert time.monotonic() - started < 30
    normal = await _judge(client, config, dataset, language, *NORMAL[language])
    assert normal.verdict is Verdict.AC, (normal.compile, [r.model_dump() for r in normal.runs])
    return report


@pytest.mark.parametrize("name", list(HOSTILE), ids=list(HOSTILE))
async def test_hostile_program_gets_its_verdict_and_the_next_one_is_judged(
    docker_client: Any, judge_config: JudgeConfig, small: Path, name: str
) -> None:
    language, filename, source, expected = HOSTILE[name]
    report = await _survives(docker_client, judge_config, small, language, filename, source)
    assert report.verdict in expected, [r.model_dump() for r in report.runs]


@pytest.mark.parametrize("name", list(EVERY_LANGUAGE), ids=list(EVERY_LANGUAGE))
async def test_every_language_is_contained(
    docker_client: Any, judge_config: JudgeConfig, small: Path, name: str
) -> None:
    language = name.split("-", maxsplit=1)[0]
    filename, source, expected = EVERY_LANGUAGE[name]
    report = await _survives(docker_client, judge_config, small, language, filename, source)
    assert report.verdict in expected, (report.compile, [r.model_dump() for r in report.runs])


def test_every_language_meets_every_attack() -> None:
    from ictjudge.languages import LANGUAGES

    kinds = {name.split("-", maxsplit=1)[1] for name in EVERY_LANGUAGE}
    for language in LANGUAGES:
        met = {k for k in kinds if f"{language}-{k}" in EVERY_LANGUAGE}
        assert met == kinds, language
        assert language in NORMAL


PROBE = """
import os, socket
marker = "SECRET-" + "ANSWER-5f1c"  # spelled apart so the probe does not find itself
found = []
for top in ("/work", "/tmp", "/", "/home", "/root", "/srv", "/opt", "/mnt", "/data", "/var", "/etc"):
    try:
        names = os.listdir(top)
    except OSError:
        continue
    for name in names:
        path = os.path.join(top, name)
        try:
            if os.path.isfile(path) and os.path.getsize(path) < 1 << 20:
                if marker.encode() in open(path, "rb").read():
                    found.append(path)
        except OSError:
            pass
try:
    open("/etc/shadow").read()
    shadow = "readable"
except OSError:
    shadow = "denied"
writes = []
for target in ("/etc/owned", "/usr/owned", "/owned", "/work/../owned"):
    try:
        open(target, "w").write("x")
        writes.append(target)
    except OSError:
        pass
interfaces = [line.split(":")[0].strip() for line in open("/proc/net/dev").read().splitlines()[2:]]
try:
    socket.create_connection(("127.0.0.1", 8000), timeout=1)
    local = "connected"
except OSError:
    local = "refused"
try:  # the Docker host's bridge address and a public resolver: no route to either
    for outside in (("172.17.0.1", 2375), ("1.1.1.1", 53)):
        socket.create_connection(outside, timeout=1)
    remote = "connected"
except OSError:
    remote = "unreachable"
inputs = sorted(n for n in os.listdir("/work") if not n.startswith("."))
print(" ".join(["found:" + ",".join(found), "shadow:" + shadow, "writes:" + ",".join(writes),
                "nics:" + ",".join(interfaces), "local:" + local, "remote:" + remote,
                "work:" + ",".join(inputs)]))
"""


async def test_the_sandbox_hides_answers_other_inputs_and_the_host(
    docker_client: Any, judge_config: JudgeConfig, tmp_path: Path
) -> None:
    """Only the current test's input is inside; no answer, no other input, no checker, no
    /etc/shadow, no writable system path, no network but loopback (with nothing listening),
    no route to the Docker host or the outside world."""
    expected = (
        "found: shadow:denied writes: nics:lo local:refused remote:unreachable "
        "work:__pycache__,in,main.py,out"
    )
    # Both tests' answers and the other test's input carry the secret; the probe must see
    # none of them, only its own input (which carries it too, so "found:" lists /work/in).
    dataset = make_dataset(
        tmp_path / "probe",
        [
            ("first input\n", f"{expected}\n"),
            (
                f"{SECRET} second input\n",
                f"{expected.replace('found:', 'found:/work/in')}\n{SECRET}",
            ),
        ],
    )
    (dataset / "checker").mkdir()
    (dataset / "checker" / "note.txt").write_text(SECRET)
    report = await _judge(docker_client, judge_config, dataset, "python3", "main.py", PROBE)
    first = report.runs[0]
    assert first.verdict is Verdict.AC, first.message


@pytest.mark.parametrize(
    ("name", "filename", "source"),
    [
        ("include-dev-zero", "a.cpp", '#include "/dev/zero"\nint main(){}'),
        ("include-dev-random", "a.c", "#include </dev/random>\nint main(void){}"),
        (
            "template-explosion",
            "a.cpp",
            "template<int N> struct F { static const long v = F<N-1>::v + F<N-2>::v; };\n"
            "template<> struct F<0>{static const long v=0;}; template<> struct F<1>{static const long v=1;};\n"
            "template<class T,int D> struct X { using A = X<X<T,D-1>,D-1>; static const int s = sizeof(typename A::A); };\n"
            "template<class T> struct X<T,0> { using A = T; static const int s = 1; };\n"
            "int main(){ return X<int,40>::s + F<90000>::v; }",
        ),
        # initialised, so the object file itself would be 2 GiB
        ("giant-static-array", "a.c", "char big[1L<<31] = {1};\nint main(void){return big[5];}"),
    ],
    ids=lambda v: v if isinstance(v, str) and "\n" not in v and len(v) < 30 else "",
)
async def test_compile_time_bombs_end_as_compile_errors(
    docker_client: Any,
    judge_config: JudgeConfig,
    small: Path,
    name: str,
    filename: str,
    source: str,
) -> None:
    language = "cpp" if filename.endswith(".cpp") else "c"
    started = time.monotonic()
    report = await _judge(docker_client, judge_config, small, language, filename, source)
    assert report.verdict is Verdict.CE, (name, report.compile)
    assert report.compile is not None and report.compile.message
    assert time.monotonic() - started < 90


async def test_a_giant_uninitialised_array_fails_at_run_time(
    docker_client: Any, judge_config: JudgeConfig, small: Path
) -> None:
    report = await _judge(
        docker_client,
        judge_config,
        small,
        "c",
        "a.c",
        "char big[1L<<40];\nint main(void){big[5]=1;return 0;}",
    )
    assert report.verdict in {Verdict.RE, Verdict.MLE}


async def test_nul_bytes_in_the_source_are_judged_not_crashed(
    docker_client: Any, judge_config: JudgeConfig, small: Path
) -> None:
    source = (
        '#include <stdio.h>\nint main(void){int a,b;\x00scanf("%d %d",&a,&b);printf("%d\\n",a+b);}'
    )
    report = await _judge(docker_client, judge_config, small, "c", "a.c", source)
    assert report.verdict is Verdict.AC  # gcc ignores NUL characters, with a warning shown
    assert report.compile is not None and "null character" in report.compile.message


async def test_invalid_utf8_source_is_judged_not_crashed(
    docker_client: Any, judge_config: JudgeConfig, small: Path
) -> None:
    source = b'/* \xff\xfe invalid utf-8 */\n#include <stdio.h>\nint main(void){int a,b;scanf("%d %d",&a,&b);printf("%d\\n",a+b);}'
    report = await _judge(docker_client, judge_config, small, "c", "a.c", source)
    assert report.verdict is Verdict.AC


async def test_a_10_mb_source_is_refused_with_a_clear_message(
    docker_client: Any, judge_config: JudgeConfig, small: Path
) -> None:
    report = await _judge(docker_client, judge_config, small, "c", "a.c", "//" + "x" * (10 << 20))
    assert report.verdict is Verdict.CE
    assert report.compile is not None and "limit is 128 KiB" in report.compile.message
