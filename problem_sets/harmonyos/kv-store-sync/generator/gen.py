"""Writes data/ for kv-store-sync (deterministic: run from the package folder).

The answers come from the accepted Python solution."""

import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
from testdata import folders, write_test  # noqa: E402  (the set's shared helper)


def write(path: Path, ops: list[str]) -> None:
    assert 1 <= len(ops) <= 2 * 10**4 and sum(op.startswith("sync") for op in ops) <= 2000
    assert len({op.split()[2] for op in ops if not op.startswith("sync")}) <= 500
    text = f"{len(ops)}\n" + "".join(f"{op}\n" for op in ops)
    write_test(path, text, "solutions/accepted/kvsync.py")


def random_ops(rng: random.Random, devices: list[str], keys: int, count: int, syncs: int) -> list[str]:
    names = [f"k{i}" for i in range(keys)]
    ops = []
    for _ in range(count):
        dev, key = rng.choice(devices), rng.choice(names)
        r = rng.random()
        if r < 0.4:
            ops.append(f"put {dev} {key} v{rng.randint(0, 99)}")
        elif r < 0.55:
            ops.append(f"delete {dev} {key}")
        else:
            ops.append(f"get {dev} {key}")
    for _ in range(syncs):
        a, b = rng.sample(devices, 2)
        ops.insert(rng.randrange(len(ops) + 1), f"sync {a} {b}")
    return ops


def main() -> None:
    rng = random.Random(20261206)
    sample, secret = folders()
    write(sample / "01", ["put tablet theme dark", "sync tablet phone", "put phone theme light",
                          "get tablet theme", "sync phone tablet", "get tablet theme",
                          "delete watch theme", "sync watch tablet", "get tablet theme",
                          "get watch theme"])
    write(secret / "01", ["get a k", "delete a k", "get a k"])
    # Equal clocks: the device name decides; the receiver keeps its own newer entry.
    write(secret / "02", ["put A k x", "put B k y", "sync A B", "get B k", "sync B A", "get A k",
                          "put a k z", "sync a A", "get A k", "sync A a", "get a k"])
    # A deletion travels and wins over an older value; a resurrection needs a newer put.
    write(secret / "03", ["put p k 1", "sync p q", "delete q k", "sync q p", "get p k", "put p k 2",
                          "sync p q", "get q k", "sync q r", "sync r p", "get r k", "get p k"])
    # Clock merge: after receiving clock 5, a local write must get clock 6.
    write(secret / "04", ["put a x 1", "put a x 2", "put a x 3", "put a x 4", "put a y 5", "sync a b",
                          "put b x mine", "sync b a", "get a x", "get b y", "sync b c", "delete c y",
                          "sync c a", "get a y"])
    write(secret / "05", random_ops(rng, ["phone", "tablet"], 3, 200, 40))
    write(secret / "06", random_ops(rng, ["phone", "tablet", "watch", "tv", "car"], 20, 3000, 500))
    write(secret / "07", random_ops(rng, [f"d{i}" for i in range(30)], 500, 18000, 2000))
    write(secret / "08", random_ops(rng, ["A", "B", "a", "b", "A.1"], 50, 10000, 2000))
    keys = [f"photo-{i}.jpg" for i in range(500)]
    ops = [f"put gallery{i % 2} {keys[i % 500]} v{i}" for i in range(9000)]
    ops += ["sync gallery0 gallery1", "sync gallery1 gallery0"] * 1000
    ops += [f"get gallery{i % 2} {keys[i % 500]}" for i in range(9000)]
    write(secret / "09", ops)


main()
