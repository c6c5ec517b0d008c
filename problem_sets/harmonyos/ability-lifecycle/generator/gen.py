"""Writes data/ for ability-lifecycle (deterministic: run from the package folder).

The answers come from the accepted Python solution."""

import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
from testdata import folders, write_test  # noqa: E402  (the set's shared helper)

CALLBACKS = ["onCreate", "onWindowStageCreate", "onForeground", "onBackground", "onNewWant",
             "onWindowStageDestroy", "onDestroy"]
# The legal next callbacks, by state (as in the statement's table).
LEGAL = {
    "start": [("onCreate", "created")],
    "destroyed": [("onCreate", "created")],
    "created": [("onWindowStageCreate", "stage"), ("onDestroy", "destroyed")],
    "stage": [("onForeground", "fg"), ("onWindowStageDestroy", "nostage")],
    "fg": [("onBackground", "bg"), ("onNewWant", "fg")],
    "bg": [("onForeground", "fg"), ("onNewWant", "bg"), ("onWindowStageDestroy", "nostage")],
    "nostage": [("onDestroy", "destroyed")],
}


def write(path: Path, log: list[tuple[str, str]]) -> None:
    assert 1 <= len(log) <= 2 * 10**5
    text = f"{len(log)}\n" + "".join(f"{a} {c}\n" for a, c in log)
    write_test(path, text, "solutions/accepted/lifecycle.py")


def random_log(rng: random.Random, names: list[str], size: int, faults: float) -> list[tuple[str, str]]:
    state = dict.fromkeys(names, "start")
    log = []
    for _ in range(size):
        name = rng.choice(names)
        if rng.random() < faults:
            log.append((name, rng.choice(CALLBACKS + ["onStart", "onforeground"])))
            continue
        callback, state[name] = rng.choice(LEGAL[state[name]])
        log.append((name, callback))
    return log


def main() -> None:
    rng = random.Random(61206)
    sample, secret = folders()
    write(sample / "01", [
        ("EntryAbility", "onCreate"), ("EntryAbility", "onWindowStageCreate"),
        ("EntryAbility", "onForeground"), ("PayAbility", "onCreate"),
        ("EntryAbility", "onBackground"), ("PayAbility", "onForeground"),
        ("EntryAbility", "onNewWant"), ("EntryAbility", "onForeground"),
        ("PayAbility", "onDestroy")])
    full = ["onCreate", "onWindowStageCreate", "onForeground", "onBackground",
            "onWindowStageDestroy", "onDestroy"]
    write(secret / "01", [("A", c) for c in full * 2])
    write(secret / "02", [("A", "onForeground")])
    write(secret / "03", [("A", "onCreate"), ("A", "onDestroy"), ("A", "onCreate"),
                          ("A", "onWindowStageCreate"), ("A", "onWindowStageDestroy"),
                          ("A", "onDestroy"), ("b", "onCreate"), ("B", "onCreate"),
                          ("b", "onCreate")])
    write(secret / "04", [("A", c) for c in full[:4]] + [("A", "onDestroy"), ("A", "onCreate")])
    write(secret / "05", [("A", c) for c in full[:3]] + [("A", "onWindowStageDestroy")])
    write(secret / "06", [("A", c) for c in full[:4]] + [("A", "onNewWant"), ("A", "onBackground")])
    write(secret / "07", [("A", c) for c in full[:4]] + [("A", "onNewWant"), ("A", "onNewWant"),
                          ("A", "onWindowStageDestroy"), ("A", "onDestroy"), ("B", "onCreate"),
                          ("B", "onWindowStageCreate"), ("B", "onNewWant")])
    write(secret / "08", [("X", "onStart"), ("X", "onCreate"), ("Y", "onCreate"),
                          ("Y", "onWindowStageCreate"), ("Y", "onWindowStageDestroy"),
                          ("Y", "onWindowStageCreate")])
    names = [f"Ability{i}" for i in range(30)]
    write(secret / "09", random_log(rng, names, 2000, 0.002))
    write(secret / "10", random_log(rng, names[:3], 2 * 10**5, 0.0))
    write(secret / "11", random_log(rng, [f"A{i}" for i in range(5000)], 2 * 10**5, 0.0005))
    write(secret / "12", random_log(rng, ["Main"], 2 * 10**5, 0.0))


main()
