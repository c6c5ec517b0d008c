# Correct, but counts the valid entries and handles a port going down by looking at every entry.
import sys

data = sys.stdin.read().split("\n")
n, aging = map(int, data[0].split())
table = {}
for line in data[1 : 1 + n]:
    parts = line.split()
    now = int(parts[1])
    if parts[0] == "F":
        port, src, dst = int(parts[2]), parts[3], parts[4]
        table[src] = (port, now)
        entry = table.get(dst)
        if int(dst[:2], 16) & 1 or entry is None or entry[1] + aging <= now:
            print("flood")
        else:
            print("filter" if entry[0] == port else entry[0])
    elif parts[0] == "D":
        port = int(parts[2])
        table = {mac: e for mac, e in table.items() if e[0] != port}
    else:
        print(sum(1 for e in table.values() if e[1] + aging > now))
