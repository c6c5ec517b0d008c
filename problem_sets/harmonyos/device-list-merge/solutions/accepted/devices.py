# Replay the events once in time order (ties in input order), keeping for every device the set
# of sources that see it; the count after each event answers the queries by binary search.
import sys
from bisect import bisect_right


def main() -> None:
    lines = sys.stdin.buffer.read().decode().split("\n")
    m, q = map(int, lines[0].split())
    events = [line.split() for line in lines[1 : m + 1]]
    order = sorted(range(m), key=lambda i: int(events[i][0]))
    seen_by: dict[str, set[str]] = {}
    label: dict[str, tuple[str, str]] = {}
    online = 0
    times: list[int] = []
    counts: list[int] = []
    for i in order:
        time, source, device, state, *rest = events[i]
        sources = seen_by.setdefault(device, set())
        before = bool(sources)
        if state == "ONLINE":
            sources.add(source)
            label[device] = (rest[0], rest[1])
        else:
            sources.discard(source)
        online += bool(sources) - before
        times.append(int(time))
        counts.append(online)
    out = []
    for line in lines[m + 1 : m + 1 + q]:
        k = bisect_right(times, int(line))
        out.append(str(counts[k - 1] if k else 0))
    final = sorted((label[d][1], label[d][0], d) for d, s in seen_by.items() if s)
    out.append(str(len(final)))
    out.extend(f"{d} {name} {kind}" for kind, name, d in final)
    print("\n".join(out))


main()
