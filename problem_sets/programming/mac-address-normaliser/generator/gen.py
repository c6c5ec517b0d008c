"""Writes data/ for mac-address-normaliser (deterministic: run from the package folder)."""

import random
from pathlib import Path

HEX = "0123456789abcdef"
NOTATIONS = ((":", 2), ("-", 2), (".", 4), ("-", 4), ("", 12))


def solve(text: str) -> str:
    digits = None
    for sep, size in NOTATIONS[:4]:
        groups = text.split(sep)
        if len(groups) == 12 // size and all(len(g) == size for g in groups):
            digits = "".join(groups)
            break
    if digits is None:
        digits = text
    if len(digits) != 12 or any(c not in HEX for c in digits.lower()):
        return "invalid"
    digits = digits.lower()
    if digits == "f" * 12:
        kind = "broadcast"
    elif int(digits[:2], 16) & 1:
        kind = "multicast"
    else:
        kind = "unicast"
    return f"{digits[:4]}-{digits[4:8]}-{digits[8:]} {kind}"


def write(path: Path, lines: list[str]) -> None:
    assert 1 <= len(lines) <= 10**4
    for line in lines:
        assert 1 <= len(line) <= 30 and all(33 <= ord(c) <= 126 for c in line), line
    path.with_suffix(".in").write_text(f"{len(lines)}\n" + "".join(f"{x}\n" for x in lines))
    path.with_suffix(".ans").write_text("".join(solve(x) + "\n" for x in lines))


def mixed_case(rng: random.Random, digits: str) -> str:
    style = rng.randrange(3)
    if style == 0:
        return digits
    if style == 1:
        return digits.upper()
    return "".join(c.upper() if rng.random() < 0.5 else c for c in digits)


def render(rng: random.Random, digits: str) -> str:
    sep, size = rng.choice(NOTATIONS)
    text = sep.join(digits[i : i + size] for i in range(0, 12, size))
    return mixed_case(rng, text)


def random_digits(rng: random.Random) -> str:
    kind = rng.randrange(10)
    if kind == 0:
        return "f" * 12
    first = rng.randrange(256)
    if kind < 3:
        first |= 1  # multicast
    elif kind < 7:
        first &= 0xFE  # unicast
    return f"{first:02x}" + "".join(rng.choice(HEX) for _ in range(10))


def corrupt(rng: random.Random, digits: str) -> str:
    """A string close to a valid address that is not valid."""
    sep, size = rng.choice(NOTATIONS)
    groups = [digits[i : i + size] for i in range(0, 12, size)]
    how = rng.randrange(7)
    if how == 0:  # one character that is not a hexadecimal digit
        text = list(sep.join(groups))
        spots = [i for i, c in enumerate(text) if c in HEX]
        text[rng.choice(spots)] = rng.choice("gGhkoOlxzZ+_#*'!/")
        return mixed_case(rng, "".join(text))
    if how == 1 and len(groups) > 1:  # separators of two kinds
        other = rng.choice([s for s in ":-." if s != sep])
        cut = rng.randrange(1, len(groups))
        return sep.join(groups[:cut]) + other + sep.join(groups[cut:])
    if how == 2 and size == 2:  # a leading zero dropped
        groups[rng.randrange(6)] = rng.choice(HEX)
        return sep.join(groups)
    if how == 3:  # a digit too many or too few
        text = sep.join(groups)
        if rng.random() < 0.5:
            return text + rng.choice(HEX)
        return text[:-1]
    if how == 4 and sep:  # a separator at an end
        text = sep.join(groups)
        return sep + text if rng.random() < 0.5 else text + sep
    if how == 5:  # the right digits grouped the wrong way
        wrong = rng.choice([(":", 4), (".", 2), ("-", 3), (":", 3), (".", 6), ("-", 6)])
        return wrong[0].join(digits[i : i + wrong[1]] for i in range(0, 12, wrong[1]))
    length = rng.choice([*range(1, 12), *range(13, 31)])
    return "".join(rng.choice(HEX + ":-.") for _ in range(length))  # the wrong length


def main() -> None:
    rng = random.Random(20240611)
    data = Path("data")
    write(
        data / "sample" / "01",
        [
            "00:E0:FC:12:34:56",
            "00e0.fc12.3457",
            "01-00-5E-00-00-05",
            "FFFFFFFFFFFF",
            "00:e0-fc:12:34:56",
            "3333.0000.0001",
            "00e0-fc12-345g",
        ],
    )
    edge = [
        "ffff-ffff-ffff", "FF:FF:FF:FF:FF:FF", "ffff.ffff.fffe", "FEFF-FFFF-FFFF",
        "000000000000", "00-00-00-00-00-00", "0000.0000.0000", "0000-0000-0000",
        "010000000000", "02:00:00:00:00:00", "03-00-00-00-00-00", "fe:00:00:00:00:00",
        "3333.ff00.0001", "0180.c200.000e", "01:80:C2:00:00:00", "AbCdEf012345",
        "0:e0:fc:12:34:56", "00:e0:fc:12:34:5", "00:e0:fc:12:34:567", "00:e0:fc:12:34:56:",
        ":00:e0:fc:12:34:56", "00::e0:fc:12:34:56", "00e0fc12345", "00e0fc1234567",
        "00e0.fc12-3456", "00e0:fc12:3456", "00.e0.fc.12.34.56", "00e0fc-123456",
        "00e0fc.123456", "0x00e0fc1234", "+0e0fc123456", "-0e0fc123456", "0_e0fc123456",
        "00e0fc12345G", "0x:e0:fc:12:34:56", "00-e0-fc-12-34-+6", "00_e0_fc_12_34_56",
        "-", ":", ".", "a", "............", "::::::::::::", "------------", "----",
        "00e0-fc12-3456-", "00e0--fc12-3456", "00e0-fc12-3456-7890", "g0e0fc123456",
        "000-e0fc-123456", "00e-0fc1-23456",
    ]  # fmt: skip
    write(data / "secret" / "01", edge)
    # every notation in every case, valid only
    write(data / "secret" / "02", [render(rng, random_digits(rng)) for _ in range(2000)])
    # invalid only: near misses of every kind
    write(data / "secret" / "03", [corrupt(rng, random_digits(rng)) for _ in range(2000)])
    # first octets 00..ff, to exercise the I/G bit
    octets = [f"{b:02x}" + "".join(rng.choice(HEX) for _ in range(10)) for b in range(256)]
    write(data / "secret" / "04", [render(rng, d) for d in octets])
    mixed = [
        render(rng, random_digits(rng)) if rng.random() < 0.6 else corrupt(rng, random_digits(rng))
        for _ in range(10**4)
    ]
    write(data / "secret" / "05", mixed)
    write(data / "secret" / "06", ["1"])


if __name__ == "__main__":
    main()
