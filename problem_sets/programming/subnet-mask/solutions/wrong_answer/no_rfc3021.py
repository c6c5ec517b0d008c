# Forgets that /31 and /32 are special: prints 2^(32-p) - 2 hosts for every prefix.
import sys


def dotted(x):
    return ".".join(str((x >> s) & 255) for s in (24, 16, 8, 0))


lines = sys.stdin.read().split()
for item in lines[1 : 1 + int(lines[0])]:
    address, prefix = item.split("/")
    p = int(prefix)
    a, b, c, d = map(int, address.split("."))
    value = (a << 24) | (b << 16) | (c << 8) | d
    mask = (0xFFFFFFFF << (32 - p)) & 0xFFFFFFFF
    network = value & mask
    print(dotted(network), dotted(network | (~mask & 0xFFFFFFFF)), (1 << (32 - p)) - 2)
