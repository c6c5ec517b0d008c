"""Writes data/ for longest-prefix-match (deterministic: run from the package folder)."""

import random
from pathlib import Path


def to_int(dotted: str) -> int:
    a, b, c, d = map(int, dotted.split("."))
    return a << 24 | b << 16 | c << 8 | d


def to_dotted(value: int) -> str:
    return ".".join(str(value >> s & 255) for s in (24, 16, 8, 0))


def mask(length: int) -> int:
    return (0xFFFFFFFF << (32 - length)) & 0xFFFFFFFF


def solve(ops: list[str]) -> str:
    tables: list[dict[int, str]] = [{} for _ in range(33)]
    out = []
    for op in ops:
        kind, arg, *iface = op.split()
        if kind == "Q":
            address = to_int(arg)
            for length in range(32, -1, -1):
                hop = tables[length].get(address & mask(length))
                if hop is not None:
                    out.append(hop)
                    break
            else:
                out.append("unreachable")
            continue
        prefix, length_text = arg.split("/")
        length = int(length_text)
        network = to_int(prefix) & mask(length)
        if kind == "A":
            tables[length][network] = iface[0]
        else:
            tables[length].pop(network, None)
    return "".join(f"{x}\n" for x in out)


def write(path: Path, ops: list[str]) -> None:
    assert 1 <= len(ops) <= 10**5
    for op in ops:
        kind, arg, *rest = op.split()
        assert kind in "ADQ" and len(rest) == (1 if kind == "A" else 0), op
        address, _, length = arg.partition("/")
        assert all(0 <= int(x) <= 255 for x in address.split(".")) and address.count(".") == 3
        assert (kind == "Q") == (length == "") and (kind == "Q" or 0 <= int(length) <= 32)
        assert all(1 <= len(x) <= 20 for x in rest)
    path.with_suffix(".in").write_text(f"{len(ops)}\n" + "".join(f"{x}\n" for x in ops))
    path.with_suffix(".ans").write_text(solve(ops))


IFACES = ("GE0/0/1", "GE0/0/2", "GE1/0/0", "XGE0/0/1", "Vlanif10", "Vlanif20", "Eth-Trunk1",
          "Eth-Trunk2.100", "Tunnel0/0/1", "Serial1/0/0", "NULL0", "LoopBack0")  # fmt: skip


def nested_prefixes(rng: random.Random, count: int, roots: int) -> list[tuple[int, int]]:
    """Prefixes that nest inside each other, like a real table: /8s, then /16s in them, ..."""
    prefixes = [(rng.randrange(1 << 32) & mask(length), length)
                for length in (rng.choice((8, 10, 12)) for _ in range(roots))]  # fmt: skip
    while len(prefixes) < count:
        network, length = rng.choice(prefixes)
        if length >= 32:
            continue
        longer = rng.randint(length + 1, min(32, length + rng.choice((1, 4, 8, 8, 16))))
        extra = rng.randrange(1 << (longer - length)) << (32 - longer)
        prefixes.append((network | extra, longer))
    return prefixes


def inside(rng: random.Random, network: int, length: int) -> int:
    return network | rng.randrange(1 << (32 - length))


def routing(rng: random.Random, n: int, routes: int, queries: float, deletes: float,
            names: tuple[str, ...] = IFACES) -> list[str]:  # fmt: skip
    prefixes = nested_prefixes(rng, routes, max(1, routes // 50))
    ops = []
    for network, length in prefixes[: routes // 2]:
        ops.append(f"A {to_dotted(network)}/{length} {rng.choice(names)}")
    while len(ops) < n:
        roll = rng.random()
        network, length = rng.choice(prefixes)
        if roll < queries:
            address = inside(rng, network, length) if rng.random() < 0.9 else rng.randrange(1 << 32)
            ops.append(f"Q {to_dotted(address)}")
        elif roll < queries + deletes:
            ops.append(f"D {to_dotted(inside(rng, network, length))}/{length}")
        else:
            shown = inside(rng, network, length) if rng.random() < 0.3 else network  # host bits
            ops.append(f"A {to_dotted(shown)}/{length} {rng.choice(names)}")
    return ops


def main() -> None:
    rng = random.Random(20240616)
    data = Path("data")
    sample = [
        "A 0.0.0.0/0 GE0/0/1", "A 10.0.0.0/8 GE0/0/2", "A 10.1.2.3/16 Vlanif10",
        "Q 10.1.2.3", "Q 10.200.0.1", "Q 192.168.1.1", "A 10.1.2.0/24 NULL0", "Q 10.1.2.3",
        "D 10.1.0.0/16", "Q 10.1.3.1", "A 10.0.0.0/8 Eth-Trunk1", "D 0.0.0.0/0", "Q 10.1.3.1",
        "Q 192.168.1.1",
    ]  # fmt: skip
    write(data / "sample" / "01", sample)
    edge = [
        "Q 0.0.0.0", "Q 255.255.255.255", "D 0.0.0.0/0", "A 255.255.255.255/0 Default",
        "Q 0.0.0.0", "Q 255.255.255.255", "A 255.255.255.255/32 Host", "Q 255.255.255.255",
        "Q 255.255.255.254", "A 128.0.0.0/1 High", "Q 128.0.0.0", "Q 127.255.255.255",
        "A 127.255.255.255/1 Low", "Q 127.255.255.255", "Q 0.0.0.0", "A 0.0.0.0/32 Zero",
        "Q 0.0.0.0", "Q 0.0.0.1", "A 10.1.1.0/31 P2P", "Q 10.1.1.1", "Q 10.1.1.2",
        "A 10.1.1.1/32 Me", "Q 10.1.1.1", "Q 10.1.1.0", "D 10.1.1.1/31", "Q 10.1.1.0",
        "D 10.1.1.1/32", "Q 10.1.1.1", "D 10.1.1.1/30", "A 10.1.1.0/32 Replaced",
        "A 10.1.1.0/32 ReplacedAgain", "Q 10.1.1.0", "D 0.0.0.0/0", "D 0.0.0.0/1",
        "D 128.0.0.0/1", "Q 200.1.1.1", "Q 10.1.1.0", "A 172.16.0.0/12 a", "A 172.16.0.0/13 b",
        "Q 172.24.0.1", "Q 172.23.255.255", "Q 172.32.0.0", "A 172.16.0.0/12 c",
        "Q 172.31.255.255",
    ]  # fmt: skip
    write(data / "secret" / "01", edge)
    write(data / "secret" / "02", routing(rng, 200, 40, 0.5, 0.1))
    write(data / "secret" / "03", routing(rng, 3000, 600, 0.5, 0.15))
    # every length from /0 to /32 in one chain: the answer depends on the exact length
    chain = rng.randrange(1 << 32)
    ops = [f"A {to_dotted(chain)}/{length} L{length}" for length in range(33)]
    for _ in range(2000):
        flip = rng.randint(0, 32)  # differs from the chain first at bit `flip`
        address = chain ^ (1 << (32 - flip)) if flip else chain
        address ^= rng.randrange(1 << (32 - flip)) if flip < 32 else 0
        ops.append(f"Q {to_dotted(address & 0xFFFFFFFF)}")
        if rng.random() < 0.2:
            length = rng.randint(0, 32)
            ops.append(f"D {to_dotted(chain)}/{length}" if rng.random() < 0.5
                       else f"A {to_dotted(chain)}/{length} L{length}")  # fmt: skip
    write(data / "secret" / "04", ops)
    write(data / "secret" / "05", routing(rng, 10000, 3000, 0.6, 0.1))
    # a large table, then many lookups: comparing every lookup with every route is too slow
    names = ("GE1", "GE2", "GE3", "NULL0", "Tun1")
    big = routing(rng, 45000, 30000, 0.8, 0.02, names)
    write(data / "secret" / "06", big)
    write(data / "secret" / "07", ["Q 1.2.3.4"])


if __name__ == "__main__":
    main()
