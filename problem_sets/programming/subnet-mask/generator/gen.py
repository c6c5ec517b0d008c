"""Writes data/ for subnet-mask (deterministic: run from the package folder)."""

import random
from pathlib import Path


def solve(line: str) -> str:
    address, prefix = line.split("/")
    p = int(prefix)
    value = 0
    for part in address.split("."):
        value = value * 256 + int(part)
    mask = (0xFFFFFFFF << (32 - p)) & 0xFFFFFFFF
    network = value & mask
    broadcast = network | (~mask & 0xFFFFFFFF)
    hosts = 1 if p == 32 else 2 if p == 31 else (1 << (32 - p)) - 2

    def dotted(x: int) -> str:
        return ".".join(str((x >> s) & 255) for s in (24, 16, 8, 0))

    return f"{dotted(network)} {dotted(broadcast)} {hosts}"


def write(path: Path, lines: list[str]) -> None:
    path.with_suffix(".in").write_text(f"{len(lines)}\n" + "".join(f"{x}\n" for x in lines))
    path.with_suffix(".ans").write_text("".join(solve(x) + "\n" for x in lines))


def address(rng: random.Random, prefixes: range) -> str:
    octets = ".".join(str(rng.randrange(256)) for _ in range(4))
    return f"{octets}/{rng.choice(prefixes)}"


def main() -> None:
    rng = random.Random(20240601)
    data = Path("data")
    write(data / "sample" / "01", ["192.168.10.77/26", "10.1.2.3/8", "172.16.5.4/31"])
    edge = ["0.0.0.0/0", "255.255.255.255/32", "10.0.0.1/31", "1.2.3.4/1", "128.0.0.1/1",
            "192.168.1.255/24", "192.168.1.0/30", "8.8.8.8/32"]
    write(data / "secret" / "01", edge)
    write(data / "secret" / "02", [address(rng, range(16, 33)) for _ in range(1000)])
    # small prefixes: a solution that walks the addresses of the subnet is far too slow
    write(data / "secret" / "03", [address(rng, range(0, 9)) for _ in range(1000)])


if __name__ == "__main__":
    main()
