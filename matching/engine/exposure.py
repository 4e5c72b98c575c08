"""Many small niches, not a few stars: the exposure correction of the ranking.

Some companies answer what very many others need (a school that designs
corporate training, a power supplier): ranked on their merits alone they fill
a large share of everyone's lists while most companies are never suggested.
So ``prepare`` runs a small auction on a fixed random sample of viewers: their
candidate pairs are scored once, then, round after round, their lists are
ranked by ``score − price(partner)`` and every company expected (from the
sample) in more than ``exposure_allowance`` times the average number of lists
has its price raised by ``exposure_step`` per unit of excess (and lowered
again, not below 0, once under), capped at ``exposure_max_price``. A star thus
stays where it is clearly the best partner and gives way where others are
nearly as good; a near-twin that would take all its places is priced in turn.
The pair's score itself (what users see, and what reciprocity and the
components describe) is not changed; suggestions carry the partner's price in
``components["exposure"]`` so that merging one rescored partner into a list
orders it as a full run does.

The sample and the scoring are deterministic, so every worker that prepares
the same population gets the same prices.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from .config import MatchingConfig

if TYPE_CHECKING:
    from .index import Index


def exposure_prices(index: Index, config: MatchingConfig) -> np.ndarray | None:
    """Per row, the exposure price (≥ 0); None (no correction) for small populations."""
    n = len(index)
    off = config.exposure_iterations <= 0 or config.exposure_max_price <= 0
    if n < config.exposure_min_population or off:
        return None
    from .components import Pairs
    from .scoring import _Scored, candidate_rows, chosen_pairs

    rng = np.random.default_rng(config.seed + 7)
    size = min(n, max(config.exposure_sample, int(config.exposure_sample_share * n)))
    sample = np.sort(rng.choice(n, size, replace=False))
    scored = []
    step = config.phrase_block_rows
    for start in range(0, len(sample), step):
        rows = sample[start : start + step].tolist()
        pairs = Pairs.of(rows, candidate_rows(index, rows, config))
        # Keep only what ranking needs (not the phrase-level evidence): less memory.
        scored.append((pairs.starts, _Scored.of(index, pairs, config).score, pairs.cands))
    prices = np.zeros(n, dtype=np.float32)
    scale = n / len(sample)
    step = config.exposure_step
    for _ in range(config.exposure_iterations):
        index.exposure = prices
        counts = np.zeros(n, dtype=np.float64)
        for starts, score, cands in scored:
            for r in range(len(starts) - 1):
                np.add.at(counts, cands[chosen_pairs(index, starts, score, cands, r, config)], 1)
        expected = counts * scale
        limit = config.exposure_allowance * expected.sum() / n
        if limit <= 0:
            break
        excess = (expected - limit) / limit
        updated = np.clip(
            prices + step * np.clip(excess, -1.0, 1.0), 0.0, config.exposure_max_price
        )
        updated = updated.astype(np.float32)
        if np.all(excess <= 0.05) and np.allclose(updated, prices):
            break
        prices = updated
    index.exposure = None
    return prices if np.any(prices > 0) else None


def ranking_scores(scores: np.ndarray, prices: np.ndarray | None, partners) -> np.ndarray:
    """What lists are ordered by: the pair score less the partner's exposure price."""
    if prices is None:
        return scores
    return scores - prices[partners]
