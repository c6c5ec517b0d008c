# Replays every event up to the query's time for each query: O(m) per query.
import sys

lines = sys.stdin.read().split("\n")
m, q = map(int, lines[0].split())
events = sorted(enumerate(line.split() for line in lines[1 : m + 1]), key=lambda e: (int(e[1][0]), e[0]))


def replay(limit: float) -> tuple[dict, dict]:
    seen_by: dict = {}
    label: dict = {}
    for _, (time, source, device, state, *rest) in events:
        if int(time) > limit:
            break
        sources = seen_by.setdefault(device, set())
        if state == "ONLINE":
            sources.add(source)
            label[device] = (rest[0], rest[1])
        else:
            sources.discard(source)
    return seen_by, label


for line in lines[m + 1 : m + 1 + q]:
    seen_by, _ = replay(int(line))
    print(sum(1 for s in seen_by.values() if s))
seen_by, label = replay(float("inf"))
final = sorted((label[d][1], label[d][0], d) for d, s in seen_by.items() if s)
print(len(final))
for kind, name, d in final:
    print(d, name, kind)
