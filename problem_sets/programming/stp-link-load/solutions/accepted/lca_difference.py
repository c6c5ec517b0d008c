import sys


def main():
    data = sys.stdin.buffer.read().split()
    n, q = int(data[0]), int(data[1])
    parent = [0, 1] + [int(x) for x in data[2 : n + 1]]
    children = [[] for _ in range(n + 1)]
    for v in range(2, n + 1):
        children[parent[v]].append(v)
    order = [1]
    depth = [0] * (n + 1)
    for v in order:
        d = depth[v] + 1
        for w in children[v]:
            depth[w] = d
            order.append(w)
    up = [parent]
    while (1 << len(up)) <= n:
        prev = up[-1]
        up.append([prev[x] for x in prev])
    top = len(up) - 1
    weight = [0] * (n + 1)
    flows = list(map(int, data[n + 1 : n + 1 + 3 * q]))
    for j in range(0, 3 * q, 3):
        a, b, r = flows[j], flows[j + 1], flows[j + 2]
        weight[a] += r
        weight[b] += r
        if depth[a] < depth[b]:
            a, b = b, a
        diff = depth[a] - depth[b]
        level = 0
        while diff:
            if diff & 1:
                a = up[level][a]
            diff >>= 1
            level += 1
        if a != b:
            for level in range(top, -1, -1):
                row = up[level]
                if row[a] != row[b]:
                    a, b = row[a], row[b]
            a = parent[a]
        weight[a] -= 2 * r
    for i in range(n - 1, 0, -1):
        v = order[i]
        weight[parent[v]] += weight[v]
    sys.stdout.write("\n".join(map(str, weight[2:])) + "\n")


main()
