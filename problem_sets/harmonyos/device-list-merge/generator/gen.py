"""Writes data/ for device-list-merge (deterministic: run from the package folder).

The answers come from the accepted Python solution."""

import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
from testdata import folders, write_test  # noqa: E402  (the set's shared helper)

SOURCES = ["wifi", "ble", "usb", "p2p", "coap"]
TYPES = ["phone", "tablet", "watch", "tv", "car", "2in1"]


def write(path: Path, events: list[str], queries: list[int]) -> None:
    assert 1 <= len(events) <= 10**5 and 1 <= len(queries) <= 10**5
    text = f"{len(events)} {len(queries)}\n" + "".join(f"{e}\n" for e in events)
    text += "".join(f"{t}\n" for t in queries)
    write_test(path, text, "solutions/accepted/devices.py")


def random_events(rng: random.Random, devices: int, count: int, span: int, sources: int) -> list[str]:
    ids = [f"{rng.getrandbits(64):016x}" for _ in range(devices)]
    names = [f"{rng.choice(['Mate', 'Pura', 'MatePad', 'Watch', 'Vision', 'nova'])}-{rng.randint(1, 99)}"
             for _ in range(devices)]
    events = []
    for _ in range(count):
        i = rng.randrange(devices)
        head = f"{rng.randint(0, span)} {rng.choice(SOURCES[:sources])} {ids[i]}"
        if rng.random() < 0.55:
            name = names[i] if rng.random() < 0.9 else names[rng.randrange(devices)]
            events.append(f"{head} ONLINE {name} {rng.choice(TYPES)}")
        else:
            events.append(f"{head} OFFLINE")
    return events


def main() -> None:
    rng = random.Random(20261206)
    sample, secret = folders()
    write(sample / "01", ["20 ble a1 OFFLINE", "10 wifi a1 ONLINE Mate-60 phone",
                          "15 ble a1 ONLINE MyPhone phone", "12 wifi b2 ONLINE Study tablet",
                          "30 wifi b2 OFFLINE", "25 wifi c3 ONLINE Living-room tv",
                          "25 wifi c3 OFFLINE", "40 wifi a1 OFFLINE"],
          [5, 10, 12, 20, 25, 30, 100])
    write(secret / "01", ["0 x d OFFLINE"], [0, 10**9])
    write(secret / "02", ["5 s d ONLINE n t", "5 s d OFFLINE", "5 s d ONLINE n2 t2"], [4, 5])
    write(secret / "03", ["1 a d ONLINE A t", "2 b d ONLINE B t", "3 a d OFFLINE", "4 b d ONLINE C t",
                          "5 b d OFFLINE", "6 a d OFFLINE", "7 a d ONLINE D u"], list(range(9)))
    write(secret / "04", ["1 a z ONLINE same t", "1 a y ONLINE same t", "1 a x ONLINE Same t",
                          "1 a w ONLINE same T", "1 a v ONLINE same-1 t", "1 a u ONLINE same_1 t"], [0, 1])
    write(secret / "05", random_events(rng, 5, 60, 50, 2), list(range(-0, 52)))
    write(secret / "06", random_events(rng, 300, 3000, 10**4, 3), [rng.randint(0, 10**4) for _ in range(3000)])
    write(secret / "07", random_events(rng, 20000, 10**5, 10**9, 5),
          [rng.randint(0, 10**9) for _ in range(10**5)])
    write(secret / "08", random_events(rng, 50, 10**5, 100, 5), [rng.randint(0, 100) for _ in range(10**5)])
    events = [f"{i} wifi d{i % 1000} ONLINE dev{i % 1000} phone" for i in range(10**5)]
    write(secret / "09", events, [10**9 - i for i in range(10**5)])


main()
