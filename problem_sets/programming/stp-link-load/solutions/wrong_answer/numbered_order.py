# Sums the subtrees by switch number, from n down to 2, as if every upstream switch had a
# smaller number than the switches below it.
import sys


def main():
    data = sys.stdin.buffer.read().split()
    n, q = int(data[0]), int(data[1])
    parent = [0, 1] + [int(x) for x in data[2 : n + 1]]
    depth = [-1] * (n + 1)
    depth[1] = 0
    for v in range(2, n + 1):
        path = []
        x = v
        while depth[x] < 0:
            path.append(x)
            x = parent[x]
        for y in reversed(path):
            depth[y] = depth[parent[y]] + 1
    weight = [0] * (n + 1)
    for j in range(q):
        a, b, r = (int(x) for x in data[n + 1 + 3 * j : n + 4 + 3 * j])
        weight[a] += r
        weight[b] += r
        while a != b:  # a slow but correct common ancestor
            if depth[a] >= depth[b]:
                a = parent[a]
            else:
                b = parent[b]
        weight[a] -= 2 * r
    for v in range(n, 1, -1):
        weight[parent[v]] += weight[v]
    print("\n".join(map(str, weight[2:])))


main()
