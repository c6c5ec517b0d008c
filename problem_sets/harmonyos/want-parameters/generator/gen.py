"""Writes data/ for want-parameters (deterministic: run from the package folder).

The answers come from the accepted Python solution."""

import random
import string
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
from testdata import folders, write_test  # noqa: E402  (the set's shared helper)


def write(path: Path, want: list[str], queries: list[str]) -> None:
    assert 1 <= len(want) <= 10**4 and 1 <= len(queries) <= 10**4
    assert all(len(line) <= 100 and line == line.strip() for line in want)
    text = f"{len(want)}\n" + "".join(f"{x}\n" for x in want)
    text += f"{len(queries)}\n" + "".join(f"{x}\n" for x in queries)
    write_test(path, text, "solutions/accepted/want.py")


TRICKY = ["0", "-0", "007", "+5", "1e3", "2147483647", "2147483648", "-2147483648",
          "-2147483649", "-", "", "12a", " 3", "true", "false", "True", "FALSE", "1", "x=y",
          "99999999999999999999", "-01", "3.0"]


def word(rng: random.Random, size: int) -> str:
    return "".join(rng.choice(string.ascii_letters + string.digits) for _ in range(size))


def random_case(rng: random.Random, lines: int, queries: int) -> tuple[list[str], list[str]]:
    names = [word(rng, rng.randint(1, 8)) for _ in range(60)]
    want = []
    for _ in range(lines):
        r = rng.random()
        if r < 0.05:
            want.append(rng.choice(["bundleName=com.example.app", "abilityName=EntryAbility",
                                    "abilityName=", "noequals", "uri=https://x.test/a?b=c"]))
        elif r < 0.1:
            want.append(f"Parameters.{rng.choice(names)}=1")
        else:
            value = rng.choice(TRICKY) if r < 0.7 else str(rng.randint(-(2**32), 2**32))
            want.append(f"parameters.{rng.choice(names)}={value}")
    asks = [f"{rng.choice(['string', 'int', 'bool'])} {rng.choice(names)} {word(rng, 3)}"
            for _ in range(queries)]
    return want, asks


def main() -> None:
    rng = random.Random(1206)
    sample, secret = folders()
    write(sample / "01",
          ["bundleName=com.example.music", "abilityName=PlayerAbility", "parameters.song=Blue Moon",
           "parameters.volume=35", "parameters.volume=80", "parameters.shuffle=True",
           "parameters.filter=genre=jazz", "broken line"],
          ["string song Unknown", "int volume 50", "bool shuffle false", "string filter none",
           "int repeat 1", "string volume 0"])
    write(secret / "01", ["parameters.a=1"], ["int a 0", "string b -"])
    write(secret / "02", ["bundleName=com.example.app", "abilityName="],
          ["string x y", "bool x true"])
    write(secret / "03", ["abilityName=EntryAbility", "bundleName=com.a.b", "bundleName=com.a.c",
                          "parameters.e=", "parameters.=empty-name"],
          ["string e dflt", "int e 7", "bool e true", "string = x"])
    write(secret / "04", [f"parameters.v{i}={t}" for i, t in enumerate(TRICKY)],
          [f"{k} v{i} D" for i in range(len(TRICKY)) for k in ("string", "int", "bool")])
    write(secret / "05", ["parameters.k=1", "parameters.k=abc", "parameters.k", "k=5",
                          "parameters.k2=true", "parameters.k2=maybe"],
          ["int k -1", "string k -1", "bool k2 false", "string parameters.k none"])
    for index in range(6, 10):
        write(secret / f"{index:02d}", *random_case(rng, rng.randint(50, 10**4), 10**4))


main()
