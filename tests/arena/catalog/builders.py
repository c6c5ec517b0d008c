"""Writing small task packages (native and Kattis) into a temporary folder for tests."""

from __future__ import annotations

import zipfile
from pathlib import Path

BUNDLED_SETS = Path(__file__).resolve().parents[3] / "problem_sets"
"""The problem sets shipped with the platform (their ``track.yaml`` files seed the tracks)."""

SET_YAML = """\
id: demo
title: {en: Demo set, zh: 演示}
track: programming
modules:
  - id: demo-basics
    title: {en: Basics, zh: 基础}
    tier: associate
  - id: demo-graphs
    title: {en: Graphs, zh: 图}
    tier: professional
    prerequisites: [demo-basics]
"""

TASK_YAML = """\
id: {slug}
type: code
title: {{en: A plus B, zh: A 加 B}}
track: programming
module: demo-basics
competencies: [logical_reasoning]
tags: [arithmetic]
limits: {{time_s: 1}}
"""

PY_AC = "a, b = map(int, input().split())\nprint(a + b)\n"
CPP_AC = (
    '#include <cstdio>\nint main(){long long a,b;scanf("%lld %lld",&a,&b);printf("%lld\\n",a+b);}\n'
)
PY_WA = "a, b = map(int, input().split())\nprint(a - b)\n"
PY_TLE = "while True:\n    pass\n"

QUIZ_YAML = """\
id: quiz-demo
type: quiz
title: {en: Quiz, zh: 测验}
module: demo-basics
competencies: [protocol_comprehension]
quiz:
  questions:
    - id: q1
      kind: single
      points: 2
      text: {en: "Router layer?", zh: "路由器在哪一层？"}
      options:
        - {id: a, text: {en: L2, zh: 二层}}
        - {id: b, text: {en: L3, zh: 三层}, correct: true}
    - id: q2
      kind: true_false
      text: {en: UDP retransmits., zh: UDP 会重传。}
      answer: false
"""


def write(root: Path, files: dict[str, str | bytes]) -> Path:
    for name, data in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(data, bytes):
            path.write_bytes(data)
        else:
            path.write_text(data, encoding="utf-8")
    return root


def code_task(root: Path, slug: str = "aplusb", **extra: str | bytes) -> Path:
    files: dict[str, str | bytes] = {
        "task.yaml": TASK_YAML.format(slug=slug),
        "statement/en.md": "Print $a+b$.\n",
        "statement/zh.md": "输出 $a+b$。\n",
        "data/sample/01.in": "1 2\n",
        "data/sample/01.ans": "3\n",
        "data/secret/01.in": "5 7\n",
        "data/secret/01.ans": "12\n",
        "data/secret/02.in": "100 -1\n",
        "data/secret/02.ans": "99\n",
        "solutions/accepted/sol.py": PY_AC,
        "solutions/accepted/sol.cpp": CPP_AC,
        "solutions/wrong_answer/minus.py": PY_WA,
        "solutions/time_limit_exceeded/spin.py": PY_TLE,
    }
    files.update(extra)
    return write(root / slug, files)


def problem_set(root: Path, *slugs: str) -> Path:
    directory = write(root / "demo", {"set.yaml": SET_YAML})
    for slug in slugs or ("aplusb",):
        code_task(directory, slug)
    write(directory / "quiz-demo", {"task.yaml": QUIZ_YAML})
    return directory


def zip_dir(directory: Path, target: Path) -> Path:
    with zipfile.ZipFile(target, "w") as archive:
        for path in sorted(directory.rglob("*")):
            if path.is_file():
                archive.write(path, f"{directory.name}/{path.relative_to(directory).as_posix()}")
    return target
