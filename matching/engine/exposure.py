"""Many small niches at no cost in relevance: merit cutoffs by deferred acceptance.

Some companies answer what very many others need (a school that designs
corporate training, a power supplier). Ranked on their merits alone they fill
a large share of everyone's lists while most companies are never suggested.
A uniform *price* on such a company (lowering it in every list alike) pushes
it out of lists where it is the best mutual fit as readily as out of lists
where it is a marginal one, and so separates real partners. Instead, exposure
is treated as a capacity, as in two-sided matching markets: a company can be
in at most ``capacity`` lists, and when more viewers want it, it keeps those
with whom its *pair score* (the reciprocal score, good for both sides) is
highest — the lists where it is among the best mutual fits.

The allocation is many-to-many deferred acceptance with capacities (Gale and
Shapley; Roth and Sotomayor), run on a fixed random sample of viewers:

1. every sampled viewer proposes to its ``top_k`` best remaining candidates
   (by pair score, among pairs that may be suggested at all: ``scoring.suggestible``);
2. every company holding more than its capacity (``exposure_allowance`` times
   the average number of lists a company is in, scaled to the sample) keeps
   the proposals of highest pair score and rejects the others, for good;
3. viewers with rejections propose to their next candidates; repeat until no
   company is over capacity (or ``exposure_iterations`` rounds).

A company's outcome is summed up as its *cutoff*: the highest pair score it
had to reject (0 if it rejected none). A stable allocation of a large market
is characterised by such cutoffs (Azevedo and Leshno, 2016), so the cutoffs
found on the sample apply to every viewer: a candidate enters a list only
with a pair score above its cutoff; lists are ordered by the pair score
itself (``scoring.chosen_pairs``). Two properties follow and are tested:

- a pair that is each other's best is never separated (a company's best pair
  score is at least the best it ever had to reject);
- a company wanted by everyone is held by at most its capacity of sampled
  lists, so by about ``exposure_allowance`` times the average overall.

This is exposure in proportion to merit (Singh and Joachims, 2018) in its
simplest form, and capacity-aware ranking for matching markets (Su, Bayoumi
and Joachims, 2022): attention that would be wasted on a congested company in
a list where it is a marginal fit goes to the next one instead. Nobody's
score changes; suggestions carry the partner's cutoff in
``components["exposure_cutoff"]`` so that merging one rescored partner into a
stored list (``rank.merge_entry``) applies the same rule as a full run.

The sample and the scoring are deterministic, so every worker that prepares
the same population gets the same cutoffs; a full run still computes them
once and shares them (by company key, ``cutoffs_by_key`` / ``cutoffs_set``).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

import numpy as np

from .config import MatchingConfig

if TYPE_CHECKING:
    from .index import Index


def exposure_wanted(n: int, config: MatchingConfig) -> bool:
    """Whether a population of ``n`` companies gets exposure cutoffs at all."""
    off = config.exposure_iterations <= 0 or config.exposure_allowance <= 0
    return not off and n >= config.exposure_min_population


def exposure_cutoffs(index: Index, config: MatchingConfig) -> np.ndarray | None:
    """Per row, the exposure cutoff (≥ 0); None (no control) for small populations."""
    n = len(index)
    if not exposure_wanted(n, config):
        return None
    viewers, cands, score, size = _sample_pairs(index, config)
    capacity = max(1, int(round(config.exposure_allowance * config.top_k * size / n)))
    last = surplus_peers(index.section[viewers], index.section[cands], viewers, score, config)
    cutoffs = deferred_acceptance(
        viewers, cands, score, n, config.top_k, capacity, config.exposure_iterations, last
    )
    return cutoffs if np.any(cutoffs > 0) else None


def deferred_acceptance(
    viewers: np.ndarray,
    cands: np.ndarray,
    score: np.ndarray,
    n: int,
    top_k: int,
    capacity: int,
    rounds: int,
    last: np.ndarray | None = None,
) -> np.ndarray:
    """Cutoffs (length ``n``) of viewer-proposing deferred acceptance (see the module).

    ``viewers``, ``cands`` and ``score`` describe the proposable pairs; each
    viewer wants ``top_k`` partners and proposes best first, but pairs marked
    ``last`` only after all others (as ``rank.diversify`` takes a list owner's
    surplus peers); each candidate holds at most ``capacity`` proposals,
    preferring higher pair scores (ties: the lower viewer row).
    """
    late = np.zeros(len(score), dtype=bool) if last is None else last
    order = np.lexsort((cands, -score, late, viewers))  # per viewer: best first, ties by row
    v, c, s = viewers[order], cands[order], score[order]
    m = len(v)
    cutoffs = np.zeros(n, dtype=np.float64)
    if m == 0:
        return np.round(cutoffs, 6)
    viewer_start = np.flatnonzero(np.r_[True, v[1:] != v[:-1]])
    lengths = np.diff(np.r_[viewer_start, m])
    # A candidate's preference among the pairs it is offered: pair score, then viewer row.
    preference = np.empty(m, dtype=np.int64)
    preference[np.lexsort((v, -s, c))] = np.arange(m)
    rejected = np.zeros(m, dtype=bool)
    for _ in range(max(1, rounds)):
        # Each viewer holds its first top_k pairs that were not rejected.
        alive = ~rejected
        before = np.cumsum(alive) - alive
        rank = before - np.repeat(before[viewer_start], lengths)
        held = np.flatnonzero(alive & (rank < top_k))
        counts = np.bincount(c[held], minlength=n)
        if not np.any(counts > capacity):
            break
        over = held[counts[c[held]] > capacity]
        # Per over-full candidate, its proposals in its order of preference.
        over = over[np.lexsort((preference[over], c[over]))]
        starts = np.flatnonzero(np.r_[True, c[over][1:] != c[over][:-1]])
        place = np.arange(len(over)) - np.repeat(starts, np.diff(np.r_[starts, len(over)]))
        rejected[over[place >= capacity]] = True
    dropped = np.flatnonzero(rejected)
    np.maximum.at(cutoffs, c[dropped], s[dropped])
    return np.round(cutoffs, 6)


def surplus_peers(
    viewer_sections: np.ndarray,
    cand_sections: np.ndarray,
    viewers: np.ndarray,
    score: np.ndarray,
    config: MatchingConfig,
) -> np.ndarray:
    """Pairs whose candidate is in the viewer's own section and not among the viewer's
    ``section_cap`` best of it: a list takes them only when nothing else is left."""
    from .rank import section_cap

    peer = (viewer_sections == cand_sections) & (viewer_sections >= 0)
    idx = np.flatnonzero(peer)
    idx = idx[np.lexsort((-score[idx], viewers[idx]))]
    v = viewers[idx]
    starts = np.flatnonzero(np.r_[True, v[1:] != v[:-1]]) if len(v) else np.zeros(0, int)
    place = np.arange(len(v)) - np.repeat(starts, np.diff(np.r_[starts, len(v)]))
    out = np.zeros(len(score), dtype=bool)
    out[idx[place >= section_cap(config)]] = True
    return out


def _sample_pairs(index: Index, config: MatchingConfig):
    """The sampled viewers' suggestible candidate pairs (viewer, cand and
    score arrays) and the sample's size."""
    from .components import Pairs
    from .scoring import _Scored, candidate_rows, suggestible

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
            scored = _Scored.of(index, pairs, config)
            score = scored.score
            keep = suggestible(score, scored.margin, config)
            viewers.append(np.repeat(np.asarray(rows), np.diff(pairs.starts))[keep])
            cands.append(pairs.cands[keep])
            scores.append(score[keep])
    finally:
        index.exposure = saved
    return (
        np.concatenate(viewers).astype(np.int64),
        np.concatenate(cands).astype(np.int64),
        np.concatenate(scores),
        len(sample),
    )


#: Scores are rounded to 1e-6 (``score.SCORE_DECIMALS``): a pair clears a cutoff when
#: its score is above it by at least half of that, so a rejected score never does.
TOLERANCE = 5e-7


def above_cutoff(scores: np.ndarray, cutoffs: np.ndarray | None, partners) -> np.ndarray:
    """Whether each pair's score clears its partner's exposure cutoff (all True without)."""
    scores = np.asarray(scores, dtype=np.float64)
    if cutoffs is None:
        return np.ones(len(scores), dtype=bool)
    return scores > cutoffs[partners] + TOLERANCE


def cutoffs_by_key(index: Index) -> dict[str, float]:
    """The index's non-zero exposure cutoffs by company key (to share them)."""
    if index.exposure is None:
        return {}
    rows = np.flatnonzero(index.exposure > 0)
    return {index.keys[r]: round(float(index.exposure[r]), 6) for r in rows.tolist()}


def cutoffs_set(index: Index, cutoffs: Mapping[str, float] | None) -> None:
    """Give ``index`` shared cutoffs (keys it does not hold are ignored; others have 0)."""
    if not cutoffs:
        index.exposure = None
        return
    exposure = np.zeros(len(index), dtype=np.float64)
    for key, cutoff in cutoffs.items():
        row = index.row_of.get(key)
        if row is not None:
            exposure[row] = cutoff
    index.exposure = exposure if np.any(exposure > 0) else None
