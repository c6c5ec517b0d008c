# An assignment lands on the top of the writer's @Link chain (its owner) and then every
# component below the owner shows the new value. With the components in DFS order a subtree is
# a range, so each assignment stamps O(log n) nodes of a segment tree with its time, and a
# component's value is the one of the newest stamp on its leaf-to-root path.
import sys


def main() -> None:
    data = sys.stdin.buffer.read().split()
    n, q = int(data[0]), int(data[1])
    values = [int(data[2])]  # values[t]: the value assigned at time t (time 0: the initial one)
    parent = [0] * (n + 1)
    owner = list(range(n + 1))
    children: list[list[int]] = [[] for _ in range(n + 1)]
    pos = 3
    for v in range(2, n + 1):
        p = int(data[pos])
        parent[v] = p
        children[p].append(v)
        if data[pos + 1] == b"link":
            owner[v] = owner[p]  # p < v, so owner[p] is final already
        pos += 2
    tin = [0] * (n + 1)
    tout = [0] * (n + 1)
    order = 0
    stack = [1]
    while stack:  # preorder; tout[v] is the last preorder index in v's subtree
        v = stack.pop()
        tin[v] = order
        order += 1
        stack.extend(children[v])
    for v in range(n, 0, -1):
        tout[v] = max([tin[v]] + [tout[c] for c in children[v]])
    size = 1
    while size < n:
        size *= 2
    stamp = [0] * (2 * size)
    out = []
    for _ in range(q):
        if data[pos] == b"get":
            p = tin[int(data[pos + 1])] + size
            best = 0
            while p:
                if stamp[p] > best:
                    best = stamp[p]
                p >>= 1
            out.append(values[best])
            pos += 2
            continue
        v, x = int(data[pos + 1]), int(data[pos + 2])
        pos += 3
        p = tin[v] + size
        best = 0
        while p:
            if stamp[p] > best:
                best = stamp[p]
            p >>= 1
        if values[best] == x:
            continue
        values.append(x)
        t = len(values) - 1
        o = owner[v]
        lo, hi = tin[o] + size, tout[o] + size + 1
        while lo < hi:
            if lo & 1:
                stamp[lo] = t
                lo += 1
            if hi & 1:
                hi -= 1
                stamp[hi] = t
            lo >>= 1
            hi >>= 1
    sys.stdout.write("".join(f"{x}\n" for x in out))


main()
