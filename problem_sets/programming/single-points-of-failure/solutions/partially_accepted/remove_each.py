# Removes each device and each link in turn and counts the islands again: O((n + m)^2).
import sys


def islands(n, adj, gone_device, gone_link):
    seen = [False] * (n + 1)
    count = 0
    for start in range(1, n + 1):
        if seen[start] or start == gone_device:
            continue
        count += 1
        seen[start] = True
        stack = [start]
        while stack:
            v = stack.pop()
            for w, link in adj[v]:
                if not seen[w] and w != gone_device and link != gone_link:
                    seen[w] = True
                    stack.append(w)
    return count


def main():
    data = sys.stdin.buffer.read().split()
    n, m = int(data[0]), int(data[1])
    adj = [[] for _ in range(n + 1)]
    degree = [0] * (n + 1)
    for i in range(m):
        u, v = int(data[2 + 2 * i]), int(data[3 + 2 * i])
        adj[u].append((v, i + 1))
        adj[v].append((u, i + 1))
        degree[u] += 1
        degree[v] += 1
    base = islands(n, adj, 0, 0)
    # a device without links is an island of its own: removing it loses one
    devices = [v for v in range(1, n + 1) if islands(n, adj, v, 0) > base - (degree[v] == 0)]
    links = [i for i in range(1, m + 1) if islands(n, adj, 0, i) > base]
    print(len(devices))
    print(" ".join(map(str, devices)))
    print(len(links))
    print(" ".join(map(str, links)))


main()
