# Pushes a router again on every tie and skips only strictly stale heap entries, so a router
# reached along several equal paths is expanded, and passes its count on, more than once.
import heapq
import sys

MOD = 1_000_000_007


def main():
    data = sys.stdin.buffer.read().split()
    n, m, s = int(data[0]), int(data[1]), int(data[2])
    adj = [[] for _ in range(n + 1)]
    for i in range(m):
        u, v, c = int(data[3 + 3 * i]), int(data[4 + 3 * i]), int(data[5 + 3 * i])
        adj[u].append((v, c))
        adj[v].append((u, c))
    dist = [-1] * (n + 1)
    count = [0] * (n + 1)
    dist[s], count[s] = 0, 1
    heap = [(0, s)]
    while heap:
        d, u = heapq.heappop(heap)
        if d > dist[u]:
            continue
        for v, c in adj[u]:
            if dist[v] == -1 or d + c < dist[v]:
                dist[v] = d + c
                count[v] = count[u]
                heapq.heappush(heap, (d + c, v))
            elif d + c == dist[v]:
                count[v] = (count[v] + count[u]) % MOD
                heapq.heappush(heap, (d + c, v))
    print("\n".join(f"{dist[k]} {count[k]}" for k in range(1, n + 1)))


main()
