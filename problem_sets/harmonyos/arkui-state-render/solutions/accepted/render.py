import sys


def main() -> None:
    words = sys.stdin.read().split("\n")
    n, m = map(int, words[0].split())
    names: list[str] = []
    value: dict[str, int] = {}
    for line in words[1 : n + 1]:
        name, initial = line.split()
        names.append(name)
        value[name] = int(initial)
    dirty = True  # the first frame always renders
    out: list[str] = []
    for line in words[n + 1 : n + 1 + m]:
        op = line.split()
        if op[0] == "render":
            out.append(" ".join(f"{k}={value[k]}" for k in names) if dirty else "skip")
            dirty = False
            continue
        new = int(op[2]) if op[0] == "set" else value[op[1]] + int(op[2])
        if new != value[op[1]]:
            value[op[1]] = new
            dirty = True
    print("\n".join(out))


main()
