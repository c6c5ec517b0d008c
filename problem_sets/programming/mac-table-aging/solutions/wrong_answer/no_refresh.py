# Learns an address only the first time it is seen (or when it moves) and never refreshes its
# time, so busy hosts age out although they keep sending.
import sys
from collections import deque

data = sys.stdin.read().split("\n")
n, aging = map(int, data[0].split())
table, by_port, learned, out = {}, {}, deque(), []
for line in data[1 : 1 + n]:
    parts = line.split()
    now = int(parts[1])
    while learned and learned[0][0] + aging <= now:
        last, mac = learned.popleft()
        entry = table.get(mac)
        if entry is not None and entry[1] == last:
            del table[mac]
            by_port[entry[0]].discard(mac)
    if parts[0] == "F":
        port, src, dst = int(parts[2]), parts[3], parts[4]
        old = table.get(src)
        if old is None or old[0] != port:
            if old is not None:
                by_port[old[0]].discard(src)
            table[src] = (port, now)
            by_port.setdefault(port, set()).add(src)
            learned.append((now, src))
        entry = None if int(dst[:2], 16) & 1 else table.get(dst)
        out.append("flood" if entry is None else "filter" if entry[0] == port else str(entry[0]))
    elif parts[0] == "D":
        for mac in by_port.pop(int(parts[2]), ()):
            del table[mac]
    else:
        out.append(str(len(table)))
print("\n".join(out))
