"""Hostile submissions against the real engine: each gets the right verdict within its limits,
leaves no container behind (checked after every test by the conftest), and the next
submission is judged normally."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import pytest

from ictjudge.judge import Submission, judge_submission
from ictjudge.wire import Report, Verdict
from tests.judge.conftest import make_dataset

pytestmark = pytest.mark.docker
SECRET = "SECRET-ANSWER-5f1c"

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
        "#include <stdlib.h>\n#include <string.h>\nint main(void){for(;;){char*p=malloc(1<<20);if(!p)return 1;memset(p,1,1<<20);}}",
        {Verdict.MLE},
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


async def _judge(
    client: Any, dataset: Path, language: str, filename: str, source: str | bytes
) -> Report:
    return await judge_submission(dataset, Submission(language, {filename: source}), client=client)


@pytest.fixture
def small(tmp_path: Path) -> Path:
    return make_dataset(
        tmp_path / "small",
        [("1 2\n", "3\n"), ("5 6\n", "11\n")],
        limits={"time_s": 1.0, "wall_s": 3.0, "memory_mb": 64, "output_mb": 8},
    )


@pytest.mark.parametrize("name", list(HOSTILE), ids=list(HOSTILE))
async def test_hostile_program_gets_its_verdict_and_the_next_one_is_judged(
    docker_client: Any, small: Path, name: str
) -> None:
    language, filename, source, expected = HOSTILE[name]
    started = time.monotonic()
    report = await _judge(docker_client, small, language, filename, source)
    assert report.verdict in expected, [r.model_dump() for r in report.runs]
    assert time.monotonic() - started < 30
    normal = await _judge(
        docker_client, small, "python3", "a.py", "a,b=map(int,input().split())\nprint(a+b)\n"
    )
    assert normal.verdict is Verdict.AC


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
    docker_client: Any, tmp_path: Path
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
    report = await _judge(docker_client, dataset, "python3", "main.py", PROBE)
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
    docker_client: Any, small: Path, name: str, filename: str, source: str
) -> None:
    language = "cpp" if filename.endswith(".cpp") else "c"
    started = time.monotonic()
    report = await _judge(docker_client, small, language, filename, source)
    assert report.verdict is Verdict.CE, (name, report.compile)
    assert report.compile is not None and report.compile.message
    assert time.monotonic() - started < 90


async def test_a_giant_uninitialised_array_fails_at_run_time(
    docker_client: Any, small: Path
) -> None:
    report = await _judge(
        docker_client, small, "c", "a.c", "char big[1L<<40];\nint main(void){big[5]=1;return 0;}"
    )
    assert report.verdict in {Verdict.RE, Verdict.MLE}


async def test_nul_bytes_in_the_source_are_judged_not_crashed(
    docker_client: Any, small: Path
) -> None:
    source = (
        '#include <stdio.h>\nint main(void){int a,b;\x00scanf("%d %d",&a,&b);printf("%d\\n",a+b);}'
    )
    report = await _judge(docker_client, small, "c", "a.c", source)
    assert report.verdict is Verdict.AC  # gcc ignores NUL characters, with a warning shown
    assert report.compile is not None and "null character" in report.compile.message


async def test_invalid_utf8_source_is_judged_not_crashed(docker_client: Any, small: Path) -> None:
    source = b'/* \xff\xfe invalid utf-8 */\n#include <stdio.h>\nint main(void){int a,b;scanf("%d %d",&a,&b);printf("%d\\n",a+b);}'
    report = await _judge(docker_client, small, "c", "a.c", source)
    assert report.verdict is Verdict.AC


async def test_a_10_mb_source_is_refused_with_a_clear_message(
    docker_client: Any, small: Path
) -> None:
    report = await _judge(docker_client, small, "c", "a.c", "//" + "x" * (10 << 20))
    assert report.verdict is Verdict.CE
    assert report.compile is not None and "limit is 128 KiB" in report.compile.message
