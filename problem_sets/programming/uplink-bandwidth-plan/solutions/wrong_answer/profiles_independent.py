# A plain 0/1 knapsack over all profiles: may give one application two profiles.
import sys


def main():
    data = sys.stdin.buffer.read().split()
    g, capacity = int(data[0]), int(data[1])
    best = [0] * (capacity + 1)
    at = 2
    for _ in range(g):
        k = int(data[at])
        at += 1
        for _ in range(k):
            w, p = int(data[at]), int(data[at + 1])
            at += 2
            for c in range(capacity, w - 1, -1):
                if best[c - w] + p > best[c]:
                    best[c] = best[c - w] + p
    print(best[capacity])


main()
