import sys
from collections import deque


def main():
    data = sys.stdin.buffer.read().split(b"\n")
    n, aging = map(int, data[0].split())
    table = {}  # mac -> (port, time of the last refresh)
    by_port = {}  # port -> set of macs
    refreshed = deque()  # (time, mac) in refresh order, which is also expiry order
    out = []
    for line in data[1 : 1 + n]:
        parts = line.split()
        now = int(parts[1])
        # expire lazily: a queued refresh is stale when the entry was refreshed again or deleted
        while refreshed and refreshed[0][0] + aging <= now:
            last, mac = refreshed.popleft()
            entry = table.get(mac)
            if entry is not None and entry[1] == last:
                del table[mac]
                by_port[entry[0]].discard(mac)
        kind = parts[0]
        if kind == b"F":
            port, src, dst = int(parts[2]), parts[3], parts[4]
            old = table.get(src)
            if old is not None:
                by_port[old[0]].discard(src)
            table[src] = (port, now)
            by_port.setdefault(port, set()).add(src)
            refreshed.append((now, src))
            entry = None if int(dst[:2], 16) & 1 else table.get(dst)
            if entry is None:
                out.append("flood")
            elif entry[0] == port:
                out.append("filter")
            else:
                out.append(str(entry[0]))
        elif kind == b"D":
            for mac in by_port.pop(int(parts[2]), ()):
                del table[mac]
        else:
            out.append(str(len(table)))
    sys.stdout.write("\n".join(out) + "\n")


main()
