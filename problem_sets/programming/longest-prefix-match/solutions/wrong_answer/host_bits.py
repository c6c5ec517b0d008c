# Stores a route under the address exactly as written, without clearing the host bits, so
# "A 10.1.2.3/16 ..." never matches any lookup (the table key should be 10.1.0.0).
import sys

MASKS = [(0xFFFFFFFF << (32 - length)) & 0xFFFFFFFF for length in range(33)]


def to_int(dotted):
    a, b, c, d = dotted.split(".")
    return int(a) << 24 | int(b) << 16 | int(c) << 8 | int(d)


lines = sys.stdin.read().split("\n")
tables = [{} for _ in range(33)]
for line in lines[1 : 1 + int(lines[0])]:
    parts = line.split()
    if parts[0] == "Q":
        address = to_int(parts[1])
        for length in range(32, -1, -1):
            hop = tables[length].get(address & MASKS[length])
            if hop is not None:
                print(hop)
                break
        else:
            print("unreachable")
        continue
    prefix, length = parts[1].split("/")
    if parts[0] == "A":
        tables[int(length)][to_int(prefix)] = parts[2]
    else:
        tables[int(length)].pop(to_int(prefix), None)
