"""Writes data/ for uplink-bandwidth-plan (deterministic: run from the package folder)."""

import random
from pathlib import Path

Application = list[tuple[int, int]]  # (bandwidth, worth) of each profile


def solve(capacity: int, apps: list[Application]) -> int:
    """Grouped knapsack: best[c] is the best worth using at most c Mbit/s."""
    best = [0] * (capacity + 1)
    for profiles in apps:
        new = best[:]
        for w, p in profiles:
            for c in range(w, capacity + 1):
                new[c] = max(new[c], best[c - w] + p)
        best = new
    return best[capacity]


def write(path: Path, capacity: int, apps: list[Application]) -> None:
    lines = [f"{len(apps)} {capacity}\n"]
    for profiles in apps:
        pairs = " ".join(f"{w} {p}" for w, p in profiles)
        lines.append(f"{len(profiles)} {pairs}\n")
    path.with_suffix(".in").write_text("".join(lines))
    path.with_suffix(".ans").write_text(f"{solve(capacity, apps)}\n")


def tiers(rng: random.Random, k: int, top_bandwidth: int, top_worth: int) -> Application:
    """k profiles that cost more and are worth more, with diminishing returns."""
    bandwidths = sorted(rng.sample(range(1, top_bandwidth + 1), k))
    worths = sorted(rng.sample(range(1, top_worth + 1), k))
    profiles = list(zip(bandwidths, worths, strict=True))
    rng.shuffle(profiles)
    return profiles


def scattered(rng: random.Random, k: int, top_bandwidth: int, top_worth: int) -> Application:
    """k unrelated profiles: a larger reservation is not always worth more."""
    return [(rng.randint(1, top_bandwidth), rng.randint(1, top_worth)) for _ in range(k)]


def main() -> None:
    rng = random.Random(20240613)
    sample, secret = Path("data/sample"), Path("data/secret")
    write(
        sample / "01",
        100,
        [[(20, 30), (60, 70), (90, 80)], [(10, 25), (30, 40)], [(40, 20), (70, 35)]],
    )
    write(sample / "02", 5, [[(10, 100)]])

    write(secret / "01", 1, [[(1, 1000000)]])
    write(secret / "02", 10, [[(11, 5), (12, 9)], [(20, 1)]])  # nothing fits
    # everything fits: the best profile of each application
    write(secret / "03", 5000, [tiers(rng, 5, 40, 1000) for _ in range(20)])
    # two profiles of one application together look better than anything allowed
    write(secret / "04", 10, [[(5, 50), (5, 49), (10, 60)], [(10, 55)]])
    # exactly full is best; an off-by-one in the capacity loses the top answer
    write(secret / "05", 37, [[(17, 100), (9, 20)], [(20, 150), (1, 3)], [(37, 249)]])
    write(secret / "06", 50, [scattered(rng, 3, 30, 100) for _ in range(8)])
    write(secret / "07", 300, [tiers(rng, 4, 120, 5000) for _ in range(15)])
    write(secret / "08", 1000, [scattered(rng, 10, 400, 10**6) for _ in range(25)])
    write(secret / "09", 4000, [tiers(rng, rng.randint(1, 10), 800, 10**6) for _ in range(60)])
    # maximal: trying every combination of profiles is hopeless here
    apps = [tiers(rng, 4, 200, 10**6) for _ in range(100)]
    write(secret / "10", 5000, apps)
    apps = [scattered(rng, 10, 10000, 10**6) for _ in range(20)]
    apps += [tiers(rng, 10, 600, 10**6) for _ in range(20)]
    rng.shuffle(apps)
    write(secret / "11", 5000, apps)
    write(secret / "12", 4999, [[(w, w * 3 - rng.randint(0, 2))] for w in range(1, 101)])


if __name__ == "__main__":
    main()
