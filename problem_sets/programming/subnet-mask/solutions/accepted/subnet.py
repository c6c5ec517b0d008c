import sys


def dotted(x):
    return ".".join(str((x >> s) & 255) for s in (24, 16, 8, 0))


def main():
    lines = sys.stdin.read().split()
    out = []
    for item in lines[1 : 1 + int(lines[0])]:
        address, prefix = item.split("/")
        p = int(prefix)
        a, b, c, d = map(int, address.split("."))
        value = (a << 24) | (b << 16) | (c << 8) | d
        mask = (0xFFFFFFFF << (32 - p)) & 0xFFFFFFFF
        network = value & mask
        broadcast = network | (~mask & 0xFFFFFFFF)
        hosts = 1 if p == 32 else 2 if p == 31 else (1 << (32 - p)) - 2
        out.append(f"{dotted(network)} {dotted(broadcast)} {hosts}")
    print("\n".join(out))


main()
