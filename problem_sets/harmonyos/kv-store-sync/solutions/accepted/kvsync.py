import sys


def main() -> None:
    lines = sys.stdin.read().split("\n")
    n = int(lines[0])
    clock: dict[str, int] = {}
    # device -> key -> (clock, writer, value or None for a deletion)
    store: dict[str, dict[str, tuple[int, str, str | None]]] = {}
    out = []
    for line in lines[1 : n + 1]:
        op, dev, *args = line.split()
        mine = store.setdefault(dev, {})
        if op in ("put", "delete"):
            clock[dev] = clock.get(dev, 0) + 1
            mine[args[0]] = (clock[dev], dev, args[1] if op == "put" else None)
        elif op == "get":
            entry = mine.get(args[0])
            out.append(entry[2] if entry and entry[2] is not None else "(none)")
        else:  # sync dev -> args[0]
            target = store.setdefault(args[0], {})
            for key, entry in mine.items():
                old = target.get(key)
                if old is None or entry[:2] > old[:2]:
                    target[key] = entry
            clock[args[0]] = max(clock.get(args[0], 0), clock.get(dev, 0))
    print("\n".join(out))


main()
