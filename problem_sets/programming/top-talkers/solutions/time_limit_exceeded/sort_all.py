# Correct, but sorts every host at each query.
import sys

lines = sys.stdin.read().split("\n")
totals = {}
for line in lines[1 : 1 + int(lines[0])]:
    parts = line.split()
    if parts[0] == "F":
        totals[parts[1]] = totals.get(parts[1], 0) + int(parts[2])
        continue

    def key(host):
        a, b, c, d = map(int, host.split("."))
        return (-totals[host], a << 24 | b << 16 | c << 8 | d)

    print(" ".join(sorted(totals, key=key)[: int(parts[1])]))
