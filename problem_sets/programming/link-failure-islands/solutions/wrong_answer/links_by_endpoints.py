# Marks a failed link by its pair of devices, so one failure in a bundle takes down all of it.
import sys


def main():
    data = sys.stdin.buffer.read().split()
    n, m, q = int(data[0]), int(data[1]), int(data[2])
    ends = list(map(int, data[3 : 3 + 2 * m]))
    failures = list(map(int, data[3 + 2 * m : 3 + 2 * m + q]))
    pairs = [tuple(sorted((ends[2 * i], ends[2 * i + 1]))) for i in range(m)]
    parent = list(range(n + 1))

    def find(x):
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    islands = n

    def join(pair):
        nonlocal islands
        a, b = find(pair[0]), find(pair[1])
        if a != b:
            parent[a] = b
            islands -= 1

    down = {pairs[f - 1] for f in failures}
    for pair in pairs:
        if pair not in down:
            join(pair)
    counts = [islands]
    for f in reversed(failures):
        join(pairs[f - 1])
        counts.append(islands)
    print("\n".join(map(str, reversed(counts))))


main()
