"""Benchmark: ranking offers for one organisation's demand (a network of a few thousand organisations)."""

from __future__ import annotations

import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from curriculum.items import ASSESSED_AREAS  # noqa: E402
from curriculum.matching import Demand, Offer, Place, rank_offers  # noqa: E402
from curriculum.vocabulary import MATURITY_LEVELS  # noqa: E402


def offers(count: int, rng: random.Random) -> list[Offer]:
    return [Offer(offer_id=str(n), organisation_id=f"org-{n}", areas=frozenset(rng.sample(ASSESSED_AREAS, 3)),
                  languages=frozenset(rng.sample(["en", "es", "fr", "pt"], 2)),
                  commodity=rng.choice(["coffee", "cocoa", "banana"]),
                  place=Place("Peru", f"r{n % 25}", rng.uniform(-18, 0), rng.uniform(-81, -69)),
                  maturity=rng.choice(["", *MATURITY_LEVELS]), capacity=rng.randint(0, 5), planned=rng.randint(0, 3))
            for n in range(count)]


def main(count: int = 5000, runs: int = 20) -> None:
    rng = random.Random(16)
    pool = offers(count, rng)
    demand = Demand("org-x", {area: rng.randint(1, 3) for area in rng.sample(ASSESSED_AREAS, 5)},
                    frozenset({"es"}), "coffee", Place("Peru", "r3", -7.2, -78.5))
    timings = []
    for _ in range(runs):
        start = time.perf_counter()
        ranked = rank_offers(demand, pool)
        timings.append(time.perf_counter() - start)
    print(f"matching: {count} offers, {len(ranked)} suggested; median {statistics.median(timings) * 1000:.1f} ms, "
          f"max {max(timings) * 1000:.1f} ms over {runs} runs")


if __name__ == "__main__":
    main()
