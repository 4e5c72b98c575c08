"""Many small niches, not a few stars: the exposure correction of the ranking.

Some companies answer what very many others need (a school that designs
corporate training, a power supplier): ranked on their merits alone they fill
a large share of everyone's lists while most companies are never suggested.
So ``exposure_prices`` runs a small auction on a fixed random sample of
viewers: their candidate pairs are scored once, then, round after round, their
lists are chosen by ``score − price(partner)`` and every company expected
(from the sample) in more than ``exposure_allowance`` times the average number
of lists has its price raised by ``exposure_step`` per unit of excess (and
lowered again, not below 0, once under), capped at ``exposure_max_price``. A
star thus stays where it is clearly the best partner and gives way where
others are nearly as good; a near-twin that would take all its places is
priced in turn. The pair's score itself (what users see, and what reciprocity
and the components describe) is not changed; suggestions carry the partner's
price in ``components["exposure"]`` so that merging one rescored partner into
a list orders it as a full run does.

The rounds choose every sampled viewer's list at once with array operations
(``_chosen_counts``): the best ``top_k`` by ``score − price`` with at most
``section_cap`` per ISIC section, filled from the capped sections only when
too few others qualify. That is the diversity rule of ``rank.diversify``
without its score-ratio exception, close enough to estimate exposure and fast
enough for a large sample (the estimate's noise, not the rule, is what leaves
companies unevenly exposed at 100,000 companies).

The sample and the scoring are deterministic, so every worker that prepares
the same population gets the same prices; a full run still computes them once
and shares them (by company key, ``prices_by_key`` / ``prices_set``).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

import numpy as np

from .config import MatchingConfig

if TYPE_CHECKING:
    from .index import Index


def exposure_wanted(n: int, config: MatchingConfig) -> bool:
    """Whether a population of ``n`` companies gets exposure prices at all."""
    off = config.exposure_iterations <= 0 or config.exposure_max_price <= 0
    return not off and n >= config.exposure_min_population


def exposure_prices(index: Index, config: MatchingConfig) -> np.ndarray | None:
    """Per row, the exposure price (≥ 0); None (no correction) for small populations."""
    n = len(index)
    if not exposure_wanted(n, config):
        return None
    from .rank import section_cap

    viewers, cands, score, size = _sample_pairs(index, config)
    sections = index.section[cands].astype(np.int64)
    cap = section_cap(config)
    prices = np.zeros(n, dtype=np.float32)
    scale = n / size
    for _ in range(config.exposure_iterations):
        counts = _chosen_counts(viewers, cands, score, sections, prices, n, config.top_k, cap)
        expected = counts * scale
        limit = config.exposure_allowance * expected.sum() / n
        if limit <= 0:
            break
        excess = (expected - limit) / limit
        updated = np.clip(
            prices + config.exposure_step * np.clip(excess, -1.0, 1.0),
            0.0,
            config.exposure_max_price,
        ).astype(np.float32)
        if np.all(excess <= 0.05) and np.allclose(updated, prices):
            break
        prices = updated
    return prices if np.any(prices > 0) else None


def _sample_pairs(index: Index, config: MatchingConfig):
    """The sampled viewers' candidate pairs at or above ``min_score`` (viewer, cand and
    score arrays) and the sample's size."""
    from .components import Pairs
    from .scoring import _Scored, candidate_rows

    n = len(index)
    rng = np.random.default_rng(config.seed + 7)
    size = min(n, max(config.exposure_sample, int(config.exposure_sample_share * n)))
    sample = np.sort(rng.choice(n, size, replace=False))
    saved, index.exposure = index.exposure, None
    viewers, cands, scores = [], [], []
    step = config.phrase_block_rows
    try:
        for start in range(0, len(sample), step):
            rows = sample[start : start + step].tolist()
            pairs = Pairs.of(rows, candidate_rows(index, rows, config))
            # Keep only what choosing needs (not the phrase-level evidence): less memory.
            score = _Scored.of(index, pairs, config).score
            keep = score >= config.min_score
            viewers.append(np.repeat(np.asarray(rows), np.diff(pairs.starts))[keep])
            cands.append(pairs.cands[keep])
            scores.append(score[keep].astype(np.float32))
    finally:
        index.exposure = saved
    return (
        np.concatenate(viewers).astype(np.int64),
        np.concatenate(cands).astype(np.int64),
        np.concatenate(scores),
        len(sample),
    )


def _within_group_rank(groups: np.ndarray) -> np.ndarray:
    """For a sequence sorted so that equal ``groups`` are contiguous: 0, 1, 2 … per group."""
    m = len(groups)
    if m == 0:
        return np.zeros(0, dtype=np.int64)
    starts = np.flatnonzero(np.r_[True, groups[1:] != groups[:-1]])
    lengths = np.diff(np.r_[starts, m])
    return np.arange(m) - np.repeat(starts, lengths)


def _chosen_counts(viewers, cands, score, sections, prices, n, top_k, cap) -> np.ndarray:
    """How many sampled lists each row is chosen into, under ``prices`` (see the module)."""
    ranking = score - prices[cands]
    order = np.lexsort((cands, -ranking, viewers))  # per viewer: best first, ties by row
    v, s = viewers[order], sections[order]
    # Place of each pair among its viewer's pairs of the same section (in ranking order).
    by_section = np.argsort(v * 64 + s, kind="stable")
    in_section = np.empty(len(order), dtype=np.int64)
    in_section[by_section] = _within_group_rank((v * 64 + s)[by_section])
    eligible = in_section < cap
    # Eligible pairs are taken best first up to top_k; the rest of a short list is
    # filled from the capped ones, best first.
    viewer_start = np.flatnonzero(np.r_[True, v[1:] != v[:-1]])
    lengths = np.diff(np.r_[viewer_start, len(v)])
    before_eligible = np.cumsum(eligible) - eligible
    base_eligible = np.repeat(before_eligible[viewer_start], lengths)
    rank_eligible = before_eligible - base_eligible
    n_eligible = np.add.reduceat(eligible.astype(np.int64), viewer_start) if len(v) else eligible
    taken = eligible & (rank_eligible < top_k)
    room = np.repeat(np.maximum(0, top_k - n_eligible), lengths)
    capped = ~eligible
    before_capped = np.cumsum(capped) - capped
    rank_capped = before_capped - np.repeat(before_capped[viewer_start], lengths)
    taken |= capped & (rank_capped < room)
    return np.bincount(cands[order][taken], minlength=n).astype(np.float64)


def prices_by_key(index: Index) -> dict[str, float]:
    """The index's non-zero exposure prices by company key (to share them)."""
    if index.exposure is None:
        return {}
    rows = np.flatnonzero(index.exposure > 0)
    return {index.keys[r]: round(float(index.exposure[r]), 5) for r in rows.tolist()}


def prices_set(index: Index, prices: Mapping[str, float] | None) -> None:
    """Give ``index`` shared prices (keys it does not hold are ignored; others pay 0)."""
    if not prices:
        index.exposure = None
        return
    exposure = np.zeros(len(index), dtype=np.float32)
    for key, price in prices.items():
        row = index.row_of.get(key)
        if row is not None:
            exposure[row] = price
    index.exposure = exposure if np.any(exposure > 0) else None


def ranking_scores(scores: np.ndarray, prices: np.ndarray | None, partners) -> np.ndarray:
    """What lists are ordered by: the pair score less the partner's exposure price."""
    if prices is None:
        return scores
    return scores - prices[partners]
