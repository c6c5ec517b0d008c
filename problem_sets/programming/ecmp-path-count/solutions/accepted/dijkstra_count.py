import heapq
import sys

MOD = 1_000_000_007


def main():
    data = sys.stdin.buffer.read().split()
    n, m, s = int(data[0]), int(data[1]), int(data[2])
    adj = [[] for _ in range(n + 1)]
    values = list(map(int, data[3 : 3 + 3 * m]))
    for i in range(0, 3 * m, 3):
        u, v, c = values[i], values[i + 1], values[i + 2]
        adj[u].append((v, c))
        adj[v].append((u, c))
    dist = [-1] * (n + 1)
    count = [0] * (n + 1)
    done = [False] * (n + 1)
    dist[s], count[s] = 0, 1
    heap = [(0, s)]
    pop, push = heapq.heappop, heapq.heappush
    while heap:
        d, u = pop(heap)
        if done[u]:
            continue
        done[u] = True
        here = count[u]
        for v, c in adj[u]:
            nd = d + c
            if dist[v] == -1 or nd < dist[v]:
                dist[v] = nd
                count[v] = here
                push(heap, (nd, v))
            elif nd == dist[v]:
                count[v] = (count[v] + here) % MOD
    sys.stdout.write("".join(f"{dist[k]} {count[k]}\n" for k in range(1, n + 1)))


main()
