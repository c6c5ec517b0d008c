# Correct, but compares every lookup with every route in the table.
import sys


def to_int(dotted):
    a, b, c, d = dotted.split(".")
    return int(a) << 24 | int(b) << 16 | int(c) << 8 | int(d)


lines = sys.stdin.read().split("\n")
table = {}  # (network, mask, length) -> interface
for line in lines[1 : 1 + int(lines[0])]:
    parts = line.split()
    if parts[0] == "Q":
        address = to_int(parts[1])
        best, hop = -1, "unreachable"
        for (network, mask, length), name in table.items():
            if address & mask == network and length > best:
                best, hop = length, name
        print(hop)
        continue
    prefix, length = parts[1].split("/")
    length = int(length)
    mask = (0xFFFFFFFF << (32 - length)) & 0xFFFFFFFF
    key = (to_int(prefix) & mask, mask, length)
    if parts[0] == "A":
        table[key] = parts[2]
    else:
        table.pop(key, None)
