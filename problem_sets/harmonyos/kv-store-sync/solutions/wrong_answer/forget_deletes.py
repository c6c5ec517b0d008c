# Deletes a key by removing it instead of keeping a tombstone: a sync brings it back.
import sys

lines = sys.stdin.read().split("\n")
clock, store = {}, {}
for line in lines[1 : int(lines[0]) + 1]:
    op, dev, *args = line.split()
    mine = store.setdefault(dev, {})
    if op == "put":
        clock[dev] = clock.get(dev, 0) + 1
        mine[args[0]] = (clock[dev], dev, args[1])
    elif op == "delete":
        clock[dev] = clock.get(dev, 0) + 1
        mine.pop(args[0], None)
    elif op == "get":
        print(mine[args[0]][2] if args[0] in mine else "(none)")
    else:
        target = store.setdefault(args[0], {})
        for key, entry in mine.items():
            if key not in target or entry[:2] > target[key][:2]:
                target[key] = entry
        clock[args[0]] = max(clock.get(args[0], 0), clock.get(dev, 0))
