import sys


def main():
    data = sys.stdin.buffer.read().split()
    g, capacity = int(data[0]), int(data[1])
    best = [0] * (capacity + 1)
    at = 2
    for _ in range(g):
        k = int(data[at])
        at += 1
        new = best[:]
        for _ in range(k):
            w, p = int(data[at]), int(data[at + 1])
            at += 2
            if w > capacity:
                continue
            # new[c] = max(new[c], best[c - w] + p) for every c >= w, one list at a time
            new[w:] = [a if a >= b + p else b + p for a, b in zip(new[w:], best)]
        best = new
    print(best[capacity])


main()
