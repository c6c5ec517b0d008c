import sys


def main():
    data = sys.stdin.buffer.read().split()
    n, m = int(data[0]), int(data[1])
    adj = [[] for _ in range(n + 1)]
    ends = list(map(int, data[2 : 2 + 2 * m]))
    for i in range(m):
        u, v = ends[2 * i], ends[2 * i + 1]
        adj[u].append((v, i + 1))
        adj[v].append((u, i + 1))
    disc = [0] * (n + 1)
    low = [0] * (n + 1)
    parent = [0] * (n + 1)
    via = [0] * (n + 1)
    cursor = [0] * (n + 1)
    critical = [False] * (n + 1)
    bridges = []
    timer = 0
    for root in range(1, n + 1):
        if disc[root]:
            continue
        timer += 1
        disc[root] = low[root] = timer
        stack = [root]
        root_children = 0
        while stack:
            v = stack[-1]
            edges = adj[v]
            if cursor[v] < len(edges):
                w, link = edges[cursor[v]]
                cursor[v] += 1
                if link == via[v]:
                    continue
                if disc[w]:
                    if disc[w] < low[v]:
                        low[v] = disc[w]
                else:
                    timer += 1
                    disc[w] = low[w] = timer
                    parent[w] = v
                    via[w] = link
                    stack.append(w)
                continue
            stack.pop()
            if not stack:
                break
            p = parent[v]
            if low[v] < low[p]:
                low[p] = low[v]
            if low[v] > disc[p]:
                bridges.append(via[v])
            if p == root:
                root_children += 1
            elif low[v] >= disc[p]:
                critical[p] = True
        critical[root] = root_children >= 2
    devices = [v for v in range(1, n + 1) if critical[v]]
    bridges.sort()
    out = [str(len(devices)), " ".join(map(str, devices)), str(len(bridges)), " ".join(map(str, bridges))]
    sys.stdout.write("\n".join(out) + "\n")


main()
