"""Writes data/ for permission-grants (deterministic: run from the package folder).

The answers come from the accepted Python solution."""

import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
from testdata import folders, write_test  # noqa: E402  (the set's shared helper)

REAL = [("ohos.permission.INTERNET", "system_grant"), ("ohos.permission.GET_NETWORK_INFO", "system_grant"),
        ("ohos.permission.KEEP_BACKGROUND_RUNNING", "system_grant"), ("ohos.permission.VIBRATE", "system_grant"),
        ("ohos.permission.CAMERA", "user_grant"), ("ohos.permission.MICROPHONE", "user_grant"),
        ("ohos.permission.LOCATION", "user_grant"), ("ohos.permission.APPROXIMATELY_LOCATION", "user_grant"),
        ("ohos.permission.DISTRIBUTED_DATASYNC", "user_grant"), ("ohos.permission.READ_CALENDAR", "user_grant")]


def write(path: Path, catalog: list[tuple[str, str]], declared: list[str], events: list[str]) -> None:
    assert 1 <= len(catalog) <= 10**4 and len(declared) <= 2 * 10**4 and 1 <= len(events) <= 10**5
    text = f"{len(catalog)}\n" + "".join(f"{n} {k}\n" for n, k in catalog)
    text += f"{len(declared)}\n" + "".join(f"{n}\n" for n in declared)
    text += f"{len(events)}\n" + "".join(f"{e}\n" for e in events)
    write_test(path, text, "solutions/accepted/grants.py")


def random_events(rng: random.Random, names: list[str], count: int) -> list[str]:
    events = []
    for _ in range(count):
        name = rng.choice(names)
        r = rng.random()
        if r < 0.45:
            events.append(f"request {name} {rng.choice(['yes', 'no'])}")
        elif r < 0.55:
            events.append(f"settings {name} {rng.choice(['on', 'off'])}")
        else:
            events.append(f"check {name}")
    return events


def main() -> None:
    rng = random.Random(20261206)
    sample, secret = folders()
    cam, mic, net = "ohos.permission.CAMERA", "ohos.permission.MICROPHONE", "ohos.permission.INTERNET"
    loc = "ohos.permission.LOCATION"
    write(sample / "01", REAL[:6], [net, cam, mic],
          [f"check {net}", f"check {cam}", f"request {cam} no", f"request {cam} yes",
           f"check {cam}", f"settings {cam} on", f"check {cam}", f"request {mic} yes",
           f"request {loc} yes", f"request ohos.permission.VIBRATE yes"])
    write(secret / "01", [("a", "user_grant")], [], ["request a yes", "check a", "settings a on",
                                                      "check a", "request a yes"])
    write(secret / "02", [("a", "user_grant")], ["a", "a"],
          ["check a", "settings a off", "request a yes", "check a", "settings a on", "check a",
           "request a no", "settings a off", "request a yes", "check a"])
    write(secret / "03", [("s", "system_grant"), ("S", "user_grant")], ["s"],
          ["request s no", "check s", "settings s off", "check s", "check S", "request S yes",
           "check ghost", "request ghost yes", "settings ghost on", "check ghost"])
    write(secret / "04", REAL, [n for n, _ in REAL],
          [f"request {n} {a}" for n, _ in REAL for a in ("no", "yes")] + [f"check {n}" for n, _ in REAL])
    names = [f"com.example.perm.P_{i}" for i in range(10**4)]
    catalog = [(n, rng.choice(["system_grant", "user_grant"])) for n in names]
    write(secret / "05", catalog, rng.sample(names, 5000), random_events(rng, names + ["x.y"], 10**5))
    write(secret / "06", catalog[:20], rng.sample(names[:20], 12), random_events(rng, names[:25], 10**5))
    write(secret / "07", REAL, [n for n, _ in REAL[::2]], random_events(rng, [n for n, _ in REAL], 500))


main()
