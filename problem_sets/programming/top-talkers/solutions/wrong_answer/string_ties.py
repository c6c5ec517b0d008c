# Breaks ties by comparing the addresses as text, so "10.0.0.10" comes before "10.0.0.9".
import sys
from heapq import heappop, heappush

lines = sys.stdin.read().split("\n")
totals, heap, out = {}, [], []
for line in lines[1 : 1 + int(lines[0])]:
    parts = line.split()
    if parts[0] == "F":
        totals[parts[1]] = totals.get(parts[1], 0) + int(parts[2])
        heappush(heap, (-totals[parts[1]], parts[1]))
        continue
    top = []
    while len(top) < int(parts[1]):
        entry = heappop(heap)
        if -entry[0] == totals[entry[1]]:
            top.append(entry)
    for entry in top:
        heappush(heap, entry)
    out.append(" ".join(host for _, host in top))
print("\n".join(out))
