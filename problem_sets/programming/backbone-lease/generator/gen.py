"""Writes data/ for backbone-lease (deterministic: run from the package folder).

The answers hold one cheapest plan (Kruskal, ties by line number); the checker accepts any plan
of the same cost.
"""

import random
from pathlib import Path

Fibre = tuple[int, int]
Line = tuple[int, int, int]


def solve(n: int, fibres: list[Fibre], lines: list[Line]) -> str:
    parent = list(range(n + 1))

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    parts = n
    for x, y in fibres:
        a, b = find(x), find(y)
        if a != b:
            parent[a] = b
            parts -= 1
    total, chosen = 0, []
    for number in sorted(range(1, len(lines) + 1), key=lambda i: (lines[i - 1][2], i)):
        u, v, c = lines[number - 1]
        a, b = find(u), find(v)
        if a != b:
            parent[a] = b
            parts -= 1
            total += c
            chosen.append(number)
    if parts > 1:
        return "-1\n"
    return f"{total} {len(chosen)}\n{' '.join(map(str, chosen))}\n"


def write(path: Path, n: int, fibres: list[Fibre], lines: list[Line]) -> None:
    text = [f"{n} {len(fibres)} {len(lines)}\n"]
    text += [f"{x} {y}\n" for x, y in fibres]
    text += [f"{u} {v} {c}\n" for u, v, c in lines]
    path.with_suffix(".in").write_text("".join(text))
    path.with_suffix(".ans").write_text(solve(n, fibres, lines))


def pair(rng: random.Random, n: int) -> tuple[int, int]:
    u = rng.randint(1, n)
    v = rng.randint(1, n - 1)
    return u, v + (v >= u)


def fibre_clusters(rng: random.Random, n: int, clusters: int, loops: int) -> list[Fibre]:
    """Own fibre joining the PoPs into `clusters` groups, plus `loops` redundant fibres."""
    sites = list(range(1, n + 1))
    rng.shuffle(sites)
    cuts = sorted(rng.sample(range(1, n), clusters - 1)) if clusters > 1 else []
    fibres: list[Fibre] = []
    for start, end in zip([0, *cuts], [*cuts, n], strict=True):
        group = sites[start:end]
        fibres += [(group[i], group[rng.randrange(i)]) for i in range(1, len(group))]
        fibres += [(group[rng.randrange(len(group))], group[0]) for _ in range(loops)]
    fibres = [(x, y) for x, y in fibres if x != y]
    rng.shuffle(fibres)
    return fibres


def offers(rng: random.Random, n: int, m: int, costs: list[int] | None) -> list[Line]:
    """m random lines whose costs are drawn from `costs` (few values: many ties) or 1..10^6."""
    lines = []
    for _ in range(m):
        u, v = pair(rng, n)
        lines.append((u, v, rng.choice(costs) if costs else rng.randint(1, 10**6)))
    return lines


def spanning(rng: random.Random, n: int, costs: list[int] | None) -> list[Line]:
    """Lines that make the offer connected on their own."""
    order = list(range(1, n + 1))
    rng.shuffle(order)
    return [
        (order[i], order[rng.randrange(i)], rng.choice(costs) if costs else rng.randint(1, 10**6))
        for i in range(1, n)
    ]


def shuffled(rng: random.Random, lines: list[Line]) -> list[Line]:
    rng.shuffle(lines)
    return lines


def main() -> None:
    rng = random.Random(20240614)
    sample, secret = Path("data/sample"), Path("data/secret")
    write(
        sample / "01", 5, [(1, 2), (2, 3)], [(1, 2, 1), (3, 4, 4), (1, 4, 4), (4, 5, 9), (2, 5, 6)]
    )
    write(sample / "02", 3, [(1, 2)], [(1, 2, 5)])

    write(secret / "01", 1, [], [])
    write(secret / "02", 2, [(2, 1)], [(1, 2, 3), (2, 1, 1)])  # fibre alone suffices
    write(secret / "03", 2, [], [(1, 2, 7), (1, 2, 7), (2, 1, 5)])  # parallel offers
    # loops of own fibre, and ties everywhere: many cheapest plans
    write(
        secret / "04",
        40,
        fibre_clusters(rng, 40, 8, 3),
        shuffled(rng, offers(rng, 40, 60, [1, 2]) + spanning(rng, 40, [2])),
    )
    write(
        secret / "05",
        300,
        [],
        shuffled(rng, offers(rng, 300, 500, [5, 7, 9]) + spanning(rng, 300, [9])),
    )
    write(
        secret / "06",
        1000,
        fibre_clusters(rng, 1000, 200, 1),
        shuffled(rng, offers(rng, 1000, 2000, None) + spanning(rng, 1000, None)),
    )
    # one PoP has no fibre and no offer: impossible however much is leased
    lonely = [
        (u, v, c)
        for u, v, c in shuffled(rng, offers(rng, 500, 3000, [1, 2, 3]))
        if 77 not in (u, v)
    ]
    write(secret / "07", 500, fibre_clusters(rng, 499, 50, 0), lonely)
    # two halves that only the most expensive offer joins
    left = spanning(rng, 400, [10, 20])
    right = [(u + 400, v + 400, c) for u, v, c in spanning(rng, 400, [10, 20])]
    write(secret / "08", 800, [], shuffled(rng, [*left, *right, (123, 654, 10**6)]))
    write(
        secret / "09",
        3000,
        fibre_clusters(rng, 3000, 1500, 1),
        shuffled(rng, offers(rng, 3000, 3000, [3, 4]) + spanning(rng, 3000, [4])),
    )
    write(
        secret / "10",
        10000,
        [],
        shuffled(rng, offers(rng, 10000, 5001, None) + spanning(rng, 10000, None)),
    )
    # maximal: one large fibre region and many PoPs outside it. Checking every offer with a
    # fresh search of the plan so far crosses the whole region each time: far too slow.
    region = fibre_clusters(rng, 14000, 1, 0)
    outside = [(rng.randint(1, x - 1), x, rng.choice([100, 200, 300])) for x in range(14001, 20001)]
    outside += [
        (rng.randint(1, 14000), rng.randint(14001, 20000), rng.choice([100, 200, 300]))
        for _ in range(14000)
    ]
    write(secret / "11", 20000, region, shuffled(rng, outside))


if __name__ == "__main__":
    main()
