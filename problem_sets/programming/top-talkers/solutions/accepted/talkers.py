import sys
from heapq import heappop, heappush


def main():
    lines = sys.stdin.read().split("\n")
    totals = {}  # address as an integer -> bytes so far
    names = {}  # address as an integer -> the address as written
    heap = []  # (-total, address): an entry is stale once the host's total has grown
    out = []
    for line in lines[1 : 1 + int(lines[0])]:
        parts = line.split()
        if parts[0] == "F":
            a, b, c, d = parts[1].split(".")
            address = int(a) << 24 | int(b) << 16 | int(c) << 8 | int(d)
            names[address] = parts[1]
            total = totals.get(address, 0) + int(parts[2])
            totals[address] = total
            heappush(heap, (-total, address))
            continue
        top = []
        k = int(parts[1])
        while len(top) < k:
            entry = heappop(heap)
            if -entry[0] == totals[entry[1]]:
                top.append(entry)
        for entry in top:  # stale entries are gone for good; the live ones go back
            heappush(heap, entry)
        out.append(" ".join(names[address] for _, address in top))
    sys.stdout.write("\n".join(out) + "\n" if out else "")


main()
