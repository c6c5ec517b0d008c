import sys


def main():
    data = sys.stdin.buffer.read().split()
    n, k, m = int(data[0]), int(data[1]), int(data[2])
    parent = list(range(n + 1))

    def find(x):
        root = x
        while parent[root] != root:
            root = parent[root]
        while parent[x] != root:
            parent[x], x = root, parent[x]
        return root

    parts = n
    fibre = list(map(int, data[3 : 3 + 2 * k]))
    for j in range(0, 2 * k, 2):
        a, b = find(fibre[j]), find(fibre[j + 1])
        if a != b:
            parent[a] = b
            parts -= 1
    offers = list(map(int, data[3 + 2 * k : 3 + 2 * k + 3 * m]))
    cost = offers[2::3]
    total, chosen = 0, []
    for i in sorted(range(m), key=cost.__getitem__):
        a, b = find(offers[3 * i]), find(offers[3 * i + 1])
        if a != b:
            parent[a] = b
            parts -= 1
            total += cost[i]
            chosen.append(i + 1)
    if parts > 1:
        print(-1)
    else:
        print(total, len(chosen))
        print(" ".join(map(str, chosen)))


main()
