import sys


def main():
    data = sys.stdin.buffer.read().split()
    n, m, q = int(data[0]), int(data[1]), int(data[2])
    ends = list(map(int, data[3 : 3 + 2 * m]))
    failures = list(map(int, data[3 + 2 * m : 3 + 2 * m + q]))
    parent = list(range(n + 1))

    def find(x):
        root = x
        while parent[root] != root:
            root = parent[root]
        while parent[x] != root:
            parent[x], x = root, parent[x]
        return root

    islands = n

    def join(link):
        nonlocal islands
        a, b = find(ends[2 * link - 2]), find(ends[2 * link - 1])
        if a != b:
            parent[a] = b
            islands -= 1

    failed = set(failures)
    for link in range(1, m + 1):
        if link not in failed:
            join(link)
    counts = [islands]
    for link in reversed(failures):
        join(link)
        counts.append(islands)
    sys.stdout.write("\n".join(map(str, reversed(counts))) + "\n")


main()
