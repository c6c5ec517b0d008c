"""Writes data/ for prop-link-sync (deterministic: run from the package folder).

The answers come from the accepted Python solution."""

import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
from testdata import folders, write_test  # noqa: E402  (the set's shared helper)


def write(path: Path, initial: int, tree: list[tuple[int, str]], ops: list[str]) -> None:
    n = len(tree) + 1
    assert 1 <= n <= 10**5 and 1 <= len(ops) <= 10**5
    assert all(1 <= p < v for v, (p, _) in enumerate(tree, start=2))
    text = f"{n} {len(ops)}\n{initial}\n" + "".join(f"{p} {k}\n" for p, k in tree)
    text += "".join(f"{op}\n" for op in ops)
    write_test(path, text, "solutions/accepted/sync.py")


def random_tree(rng: random.Random, n: int, depth: int, links: float) -> list[tuple[int, str]]:
    """Each parent within `depth` places above: small depth makes long chains."""
    return [(rng.randint(max(1, v - depth), v - 1), "link" if rng.random() < links else "prop")
            for v in range(2, n + 1)]


def random_ops(rng: random.Random, n: int, count: int, spread: int) -> list[str]:
    ops = []
    for _ in range(count):
        v = rng.randint(1, n)
        if rng.random() < 0.5:
            ops.append(f"get {v}")
        else:
            ops.append(f"set {v} {rng.randint(-spread, spread)}")
    return ops


def main() -> None:
    rng = random.Random(20261206)
    sample, secret = folders()
    write(sample / "01", 1, [(1, "link"), (1, "prop"), (3, "link")],
          ["set 4 7", "get 1", "get 3", "get 4", "set 2 9", "get 1", "get 3", "get 4"])
    write(secret / "01", -5, [], ["get 1", "set 1 5", "get 1", "set 1 5", "get 1"])
    # A @Prop keeps its own value while its parent re-assigns the value the parent shows.
    write(secret / "02", 0, [(1, "prop"), (2, "prop"), (1, "link")],
          ["set 2 4", "set 1 0", "get 2", "get 3", "set 4 0", "get 2", "set 4 1", "get 2",
           "get 3", "set 3 8", "set 2 1", "get 3", "get 1"])
    # A @Link writing the value its owner shows changes nothing below.
    write(secret / "03", 3, [(1, "link"), (2, "prop"), (3, "link")],
          ["set 3 10", "set 2 3", "get 3", "get 4", "set 4 11", "get 3", "set 2 4", "get 4"])
    write(secret / "04", 0, random_tree(rng, 30, 30, 0.5), random_ops(rng, 30, 400, 3))
    write(secret / "05", 0, random_tree(rng, 300, 4, 0.6), random_ops(rng, 300, 5000, 2))
    write(secret / "06", 1, [(v - 1, "link") for v in range(2, 10**5 + 1)],
          [f"set {10**5 - i % 3} {i}" if i % 2 else f"get {1 + i % 10**5}" for i in range(10**5)])
    write(secret / "07", 1, [(v - 1, "prop") for v in range(2, 10**5 + 1)],
          [f"set 1 {i}" if i % 4 else f"get {10**5 - i % 7}" for i in range(10**5)])
    n = 10**5
    write(secret / "08", 7, random_tree(rng, n, 3, 0.7), random_ops(rng, n, 10**5, 10**9))
    write(secret / "09", 7, random_tree(rng, n, n, 0.5), random_ops(rng, n, 10**5, 2))
    write(secret / "10", 0, random_tree(rng, n, 2, 0.95),
          [f"set {rng.randint(n - 50, n)} {i}" if i % 2 else f"get {rng.randint(1, n)}"
           for i in range(10**5)])


main()
