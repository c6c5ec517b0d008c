"""Writes data/ for arkui-state-render (deterministic: run from the package folder).

The answers come from the accepted Python solution."""

import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
from testdata import folders, write_test  # noqa: E402  (the set's shared helper)


def write(path: Path, variables: list[tuple[str, int]], ops: list[str]) -> None:
    assert 1 <= len(variables) <= 20 and 1 <= len(ops) <= 10**5
    assert sum(op == "render" for op in ops) <= 1000
    text = f"{len(variables)} {len(ops)}\n"
    text += "".join(f"{name} {v}\n" for name, v in variables) + "".join(f"{op}\n" for op in ops)
    write_test(path, text, "solutions/accepted/render.py")


def random_ops(rng: random.Random, names: list[str], count: int, renders: int) -> list[str]:
    ops = []
    for _ in range(count):
        name = rng.choice(names)
        kind = rng.random()
        if kind < 0.3:
            ops.append(f"add {name} {rng.choice([0, 0, 1, -1, rng.randint(-10**9, 10**9)])}")
        elif kind < 0.6:
            ops.append(f"set {name} {rng.randint(-3, 3)}")
        else:
            ops.append(f"set {name} {rng.randint(-10**9, 10**9)}")
    for _ in range(renders):
        ops.insert(rng.randrange(len(ops) + 1), "render")
    return ops


def main() -> None:
    rng = random.Random(20261206)
    sample, secret = folders()
    write(sample / "01", [("count", 0), ("title", 5)],
          ["render", "add count 0", "render", "set count 3", "set count 0", "render", "render"])
    write(secret / "01", [("x", 7)], ["render"])
    write(secret / "02", [("a", 1), ("B", 2), ("b", 3)],
          ["set a 1", "render", "render", "add B 0", "set b 3", "render", "set B 9", "render"])
    write(secret / "03", [("n", -5)], ["render", "set n 4", "add n -4", "add n -5", "render",
                                       "add n 0", "render", "set n -5", "render"])
    names = [f"v{i}" for i in range(20)]
    write(secret / "04", [(k, rng.randint(-9, 9)) for k in names],
          random_ops(rng, names, 300, 200))
    write(secret / "05", [("only", 0)], ["set only 0"] * 5000 + ["render"] * 1000)
    names = ["Title", "count", "likes", "progress", "isPlaying"]
    write(secret / "06", [(k, 0) for k in names], random_ops(rng, names, 99000, 1000))
    # Sparse frames between many no-op assignments: only a real change marks it dirty.
    ops = []
    for i in range(1000):
        ops += ["add count 0", "set title 5"] * 40
        if i % 7 == 0:
            ops += ["set count 1", "set count 0"]
        ops.append("render")
    write(secret / "07", [("count", 0), ("title", 5)], ops)
    big = [("a", 10**9), ("b", -(10**9))]
    write(secret / "08", big, ["add a 1000000000", "add b -1000000000"] * 49000 + ["render"])


main()
