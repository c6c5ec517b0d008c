"""Writes data/ for link-failure-islands (deterministic: run from the package folder)."""

import random
from pathlib import Path

Link = tuple[int, int]


def solve(n: int, links: list[Link], failures: list[int]) -> list[int]:
    """Islands before and after each failure: union-find over the alarms in reverse."""
    parent = list(range(n + 1))

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    islands = n

    def join(link: int) -> None:
        nonlocal islands
        u, v = links[link - 1]
        ru, rv = find(u), find(v)
        if ru != rv:
            parent[ru] = rv
            islands -= 1

    failed = set(failures)
    for link in range(1, len(links) + 1):
        if link not in failed:
            join(link)
    counts = [islands]
    for link in reversed(failures):
        join(link)
        counts.append(islands)
    return counts[::-1]


def write(path: Path, n: int, links: list[Link], failures: list[int]) -> None:
    text = f"{n} {len(links)} {len(failures)}\n" + "".join(f"{u} {v}\n" for u, v in links)
    path.with_suffix(".in").write_text(text + " ".join(map(str, failures)) + "\n")
    path.with_suffix(".ans").write_text("".join(f"{c}\n" for c in solve(n, links, failures)))


def network(rng: random.Random, n: int, m: int, bundles: int) -> list[Link]:
    """A random connected network of m links, `bundles` of which duplicate an earlier link."""
    order = list(range(1, n + 1))
    rng.shuffle(order)
    links = [(order[i], order[rng.randrange(max(0, i - 30), i)]) for i in range(1, n)]
    while len(links) < m - bundles:
        u = rng.randint(1, n)
        v = rng.randint(1, n - 1)
        links.append((u, v + (v >= u)))
    links += [rng.choice(links) for _ in range(m - len(links))]
    rng.shuffle(links)
    return [(u, v) if rng.random() < 0.5 else (v, u) for u, v in links]


def alarms(rng: random.Random, m: int, q: int) -> list[int]:
    return rng.sample(range(1, m + 1), q)


def main() -> None:
    rng = random.Random(20240612)
    sample, secret = Path("data/sample"), Path("data/secret")
    write(sample / "01", 5, [(1, 2), (2, 3), (3, 4), (4, 1), (4, 5), (5, 4)], [6, 2, 3, 4])

    write(secret / "01", 1, [], [])
    write(secret / "02", 4, [(1, 2), (3, 4)], [])
    # a bundle of three parallel links: while one of them works, the pair stays together
    write(secret / "03", 3, [(1, 2), (2, 1), (1, 2), (2, 3)], [3, 4, 1])
    write(secret / "11", 3, [(1, 2), (2, 1), (1, 2), (2, 3)], [3, 4, 1, 2])
    # a line: every failure adds an island
    write(secret / "04", 50, [(i, i + 1) for i in range(1, 50)], alarms(rng, 49, 49))
    small = network(rng, 30, 60, 15)
    write(secret / "05", 30, small, alarms(rng, 60, 60))
    medium = network(rng, 500, 1500, 400)
    write(secret / "06", 500, medium, alarms(rng, 1500, 1200))
    # a star: the hub's links fail, leaving the leaves alone
    star = [(1, i) for i in range(2, 2001)] + [(i, 1) for i in range(2, 2001, 3)]
    write(secret / "07", 2000, star, alarms(rng, len(star), len(star)))
    sparse = network(rng, 6000, 7000, 1000)
    write(secret / "08", 6000, sparse, alarms(rng, 7000, 7000))
    # maximal: recounting the islands after every alarm is far too slow here
    dense = network(rng, 10000, 25000, 6000)
    write(secret / "09", 10000, dense, alarms(rng, 25000, 25000))
    wide = network(rng, 20000, 21000, 1000)
    write(secret / "10", 20000, wide, alarms(rng, 21000, 5000))


if __name__ == "__main__":
    main()
