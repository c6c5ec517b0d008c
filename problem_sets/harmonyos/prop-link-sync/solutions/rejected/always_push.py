# Pushes every assignment down, even one of the value the component already shows: components
# below with a @Prop of their own value lose it. Wrong, and O(n) per assignment besides.
import sys

data = sys.stdin.read().split()
n, q = int(data[0]), int(data[1])
value = [int(data[2])] * (n + 1)
owner = list(range(n + 1))
children = [[] for _ in range(n + 1)]
pos = 3
for v in range(2, n + 1):
    p = int(data[pos])
    children[p].append(v)
    if data[pos + 1] == "link":
        owner[v] = owner[p]
    pos += 2
for _ in range(q):
    if data[pos] == "get":
        print(value[int(data[pos + 1])])
        pos += 2
        continue
    v, x = int(data[pos + 1]), int(data[pos + 2])
    pos += 3
    stack = [owner[v]]
    while stack:
        u = stack.pop()
        value[u] = x
        stack.extend(children[u])
