# Treats a link as having one cost: uses u's interface cost a for both directions.
import heapq
import sys


def main():
    data = sys.stdin.buffer.read().split()
    n, m, s = int(data[0]), int(data[1]), int(data[2])
    adj = [[] for _ in range(n + 1)]
    values = list(map(int, data[3 : 3 + 4 * m]))
    for i in range(0, 4 * m, 4):
        u, v, a, _b = values[i : i + 4]
        adj[u].append((v, a))
        adj[v].append((u, a))
    dist = [-1] * (n + 1)
    heap = [(0, s)]
    while heap:
        d, u = heapq.heappop(heap)
        if dist[u] != -1:
            continue
        dist[u] = d
        for v, w in adj[u]:
            if dist[v] == -1:
                heapq.heappush(heap, (d + w, v))
    print("\n".join(map(str, dist[1:])))


main()
