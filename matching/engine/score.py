"""From components to one reciprocal pair score.

Each direction is scored on its own (what the partner brings to this side),
then the two are combined so the pair stays low unless it is good for both:
the harmonic mean, further reduced when the weaker side is below a floor. For
the same mean, a balanced pair always beats a lopsided one.
"""

from __future__ import annotations

import numpy as np

from .components import Components
from .config import MatchingConfig

SCORE_DECIMALS = 6


def direction_score(
    complementarity: np.ndarray,
    goals: np.ndarray,
    value_chain: np.ndarray,
    cross_industry: np.ndarray,
    config: MatchingConfig,
) -> np.ndarray:
    """One side's score in [0, 1].

    Value chain and cross-industry only count in proportion to the text
    evidence (a need answered or a goal shared) up to ``evidence_gate``: a
    distant industry with nothing to offer is not a partner.
    """
    w = config.weights
    evidence = np.maximum(complementarity, goals)
    gate = np.minimum(1.0, evidence / max(config.evidence_gate, 1e-9))
    text = w.complementarity * complementarity + w.goals * goals
    return text + gate * (w.value_chain * value_chain + w.cross_industry * cross_industry)


def reciprocal(for_a: np.ndarray, for_b: np.ndarray, config: MatchingConfig) -> np.ndarray:
    """Harmonic mean of both sides, times min(1, weaker / ``weak_side_floor``)."""
    total = for_a + for_b
    harmonic = np.where(total > 0, 2 * for_a * for_b / np.maximum(total, 1e-12), 0.0)
    weaker = np.minimum(for_a, for_b)
    penalty = np.minimum(1.0, weaker / max(config.weak_side_floor, 1e-9))
    return harmonic * penalty


def pair_scores(
    parts: Components, config: MatchingConfig
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(score, for, back): pair scores and both direction scores, rounded to 1e-6.

    Rounding makes scores identical whichever side (or block) computed them.
    """
    for_a = direction_score(
        parts.complementarity_for, parts.goals, parts.value_chain_for, parts.cross_industry, config
    )
    back = direction_score(
        parts.complementarity_back,
        parts.goals,
        parts.value_chain_back,
        parts.cross_industry,
        config,
    )
    score = for_a if config.one_directional else reciprocal(for_a, back, config)
    return tuple(np.round(x, SCORE_DECIMALS).astype(np.float64) for x in (score, for_a, back))
