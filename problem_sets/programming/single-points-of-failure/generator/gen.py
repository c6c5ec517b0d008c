"""Writes data/ for single-points-of-failure (deterministic: run from the package folder).

Networks are built as trees of blocks (rings, meshes, single links, redundant pairs) hung on
each other at shared devices, then relabelled and shuffled, so that critical devices and links
appear at every depth.
"""

import random
from pathlib import Path

Link = tuple[int, int]


def solve(n: int, links: list[Link]) -> tuple[list[int], list[int]]:
    """Critical devices and links: one iterative depth-first search with low-links."""
    adj: list[list[tuple[int, int]]] = [[] for _ in range(n + 1)]
    for number, (u, v) in enumerate(links, start=1):
        adj[u].append((v, number))
        adj[v].append((u, number))
    disc, low = [0] * (n + 1), [0] * (n + 1)
    parent, parent_link, cursor = [0] * (n + 1), [0] * (n + 1), [0] * (n + 1)
    critical = [False] * (n + 1)
    bridges: list[int] = []
    timer = 0
    for root in range(1, n + 1):
        if disc[root]:
            continue
        timer += 1
        disc[root] = low[root] = timer
        stack, root_children = [root], 0
        while stack:
            v = stack[-1]
            if cursor[v] < len(adj[v]):
                w, number = adj[v][cursor[v]]
                cursor[v] += 1
                if number == parent_link[v]:
                    continue
                if disc[w]:
                    low[v] = min(low[v], disc[w])
                else:
                    timer += 1
                    disc[w] = low[w] = timer
                    parent[w], parent_link[w] = v, number
                    stack.append(w)
                continue
            stack.pop()
            if not stack:
                break
            p = parent[v]
            low[p] = min(low[p], low[v])
            if low[v] > disc[p]:
                bridges.append(parent_link[v])
            if p == root:
                root_children += 1
            elif low[v] >= disc[p]:
                critical[p] = True
        critical[root] = root_children >= 2
    return [v for v in range(1, n + 1) if critical[v]], sorted(bridges)


def write(path: Path, n: int, links: list[Link]) -> None:
    text = f"{n} {len(links)}\n" + "".join(f"{u} {v}\n" for u, v in links)
    path.with_suffix(".in").write_text(text)
    devices, bridges = solve(n, links)
    answer = f"{len(devices)}\n{' '.join(map(str, devices))}\n"
    answer += f"{len(bridges)}\n{' '.join(map(str, bridges))}\n"
    path.with_suffix(".ans").write_text(answer)


def block(rng: random.Random, kind: str, ids: list[int]) -> list[Link]:
    """The links of one block over the devices `ids` (ids[0] is where it hangs)."""
    if kind == "link":
        return [(ids[0], ids[1])]
    if kind == "pair":  # a redundant pair of cables
        return [(ids[0], ids[1]), (ids[1], ids[0])]
    if kind == "ring":
        return [(ids[i], ids[(i + 1) % len(ids)]) for i in range(len(ids))]
    links = [(ids[i], ids[rng.randrange(i)]) for i in range(1, len(ids))]  # a mesh
    for _ in range(len(ids)):
        u, v = rng.sample(ids, 2)
        links.append((u, v))
    return links


def network(rng: random.Random, n: int, weights: dict[str, int], parts: int = 1) -> list[Link]:
    """n devices: `parts` pieces, each a tree of blocks drawn by `weights`, and some devices
    left without links when n does not divide evenly."""
    kinds, odds = list(weights), list(weights.values())
    budget = n // parts
    links: list[Link] = []
    device = 0
    for _ in range(parts):
        device += 1
        members = [device]
        while len(members) < budget:
            kind = rng.choices(kinds, odds)[0]
            size = 2 if kind in ("link", "pair") else rng.randint(3, 12)
            size = min(size, budget - len(members) + 1)
            if size == 2 and kind in ("ring", "mesh"):
                kind = "link"
            # hang the new block on a recent device more often than on an old one: deep trees
            anchor = members[-1 - min(len(members) - 1, int(rng.expovariate(0.2)))]
            fresh = list(range(device + 1, device + size))
            device += size - 1
            members += fresh
            links += block(rng, kind, [anchor, *fresh])
    labels = list(range(1, n + 1))
    rng.shuffle(labels)
    relabelled = [(labels[u - 1], labels[v - 1]) for u, v in links]
    rng.shuffle(relabelled)
    return relabelled


def main() -> None:
    rng = random.Random(20240615)
    data = Path("data")
    write(data / "sample" / "01", 5, [(1, 2), (2, 3), (3, 1), (3, 4), (4, 5), (5, 4)])

    small = data / "secret" / "small"
    write(small / "01", 1, [])
    write(small / "02", 2, [(1, 2), (2, 1)])  # a redundant pair: nothing is critical
    write(small / "03", 4, [(1, 2), (2, 3), (3, 4), (2, 1)])  # a line with one pair
    write(small / "04", 7, [(1, 2), (1, 3), (1, 4), (5, 6), (6, 5), (6, 7)])  # two pieces
    mixed = {"link": 3, "pair": 2, "ring": 3, "mesh": 2}
    write(small / "05", 100, network(rng, 100, mixed))
    write(small / "06", 100, network(rng, 100, mixed, 3))
    write(small / "07", 60, network(rng, 60, {"link": 5, "pair": 2}))

    medium = data / "secret" / "medium"
    dense = {"ring": 2, "mesh": 6, "pair": 1, "link": 1}
    write(medium / "01", 2500, network(rng, 2500, dense))
    write(medium / "02", 2500, network(rng, 2500, mixed))
    write(medium / "03", 2500, network(rng, 2500, {"ring": 5, "mesh": 5, "pair": 1}, 4))
    # a long line of redundant pairs and single links: deep searches
    line = [(i, i + 1) for i in range(1, 2500)] + [(i + 1, i) for i in range(1, 2500, 7)]
    write(medium / "04", 2500, line)

    large = data / "secret" / "large"
    write(large / "01", 16000, network(rng, 16000, mixed))
    write(large / "02", 16000, network(rng, 16000, {"ring": 4, "mesh": 2, "pair": 1, "link": 1}))
    line = [(i, i + 1) for i in range(1, 20000)] + [(i + 1, i) for i in range(1, 20000, 5)]
    write(large / "03", 20000, line)


if __name__ == "__main__":
    main()
