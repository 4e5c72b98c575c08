"""Re-ranking a company's scored candidates into a diverse top-K list."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import replace

import numpy as np

from .config import MatchingConfig
from .exposure import TOLERANCE
from .records import CompanySuggestions, Suggestion


def section_cap(config: MatchingConfig) -> int:
    """Most suggestions one ISIC section may fill while others qualify (at least 1)."""
    return max(1, int(config.top_k * config.max_section_share + 1e-9))


def order(scores: np.ndarray, tie_keys: Sequence[str]) -> list[int]:
    """Positions sorted by score (best first), ties by key: deterministic."""
    return sorted(range(len(scores)), key=lambda i: (-scores[i], tie_keys[i]))


def diversify(
    ordered: Sequence[int],
    sections: Sequence,
    scores: Sequence[float],
    config: MatchingConfig,
    own_section=None,
) -> list[int]:
    """Pick ``top_k`` of ``ordered`` (best first) with at most ``section_cap`` per section
    while candidates of other sections qualify.

    ``sections[i]`` and ``scores[i]`` belong to item ``i``. A candidate of
    another section *qualifies* to take the place of a better one from a full
    section when its score is at least ``diversity_score_ratio`` times that
    one's (0 = any candidate above ``min_score`` qualifies). The list owner's
    ``own_section`` never takes more than ``section_cap`` places while any
    candidate of another section is left, qualified or not: the suggestions
    page shows partners of one's own industry only on request, so a list
    holds what the page will show first. The result keeps the original order.
    """
    cap, ratio = section_cap(config), config.diversity_score_ratio
    taken: list[int] = []
    waiting: list[int] = []  # over their section's cap, best first
    peers: list[int] = []  # the owner's own section over its cap: only if nothing else
    per_section: Counter = Counter()
    for i in ordered:
        if (
            own_section is not None
            and sections[i] == own_section
            and per_section[own_section] >= cap
        ):
            peers.append(i)
            continue
        while waiting and len(taken) < config.top_k and scores[i] < ratio * scores[waiting[0]]:
            taken.append(waiting.pop(0))  # nothing better qualifies: the cap gives way
        if len(taken) == config.top_k:
            break
        if per_section[sections[i]] < cap:
            taken.append(i)
            per_section[sections[i]] += 1
        else:
            waiting.append(i)
    taken.extend(waiting[: config.top_k - len(taken)])
    taken.extend(peers[: config.top_k - len(taken)])
    position = {i: p for p, i in enumerate(ordered)}
    return sorted(taken, key=position.__getitem__)


def merge_entry(
    current: CompanySuggestions, entry: Suggestion, config: MatchingConfig
) -> CompanySuggestions:
    """A company's list after one partner was rescored.

    ``entry`` replaces any existing suggestion of the same partner; it stays
    out when below ``min_score``, without a phrase match at the evidence
    threshold, or not above its exposure cutoff (the partner exits the list).
    The list is re-diversified (the owner's ``section`` as a full run treats
    it) and renumbered. A partner that leaves is not replaced by
    the next one down (that one is unknown here): the next full run does.
    """
    kept = [s for s in current.suggestions if s.partner != entry.partner]
    cutoff = entry.components.get("exposure_cutoff", 0.0)
    evidence = entry.components.get("evidence", 1.0)  # lists stored before it was kept
    needed = entry.components.get("evidence_needed", config.evidence_threshold)
    if entry.score >= config.min_score and evidence >= needed and entry.score > cutoff + TOLERANCE:
        kept.append(entry)
    values = np.array([s.score for s in kept])
    ordered = order(values, [s.partner for s in kept])
    sections = [s.partner_section for s in kept]
    chosen = diversify(ordered, sections, values.tolist(), config, current.section)
    ranked = [replace(kept[i], rank=r) for r, i in enumerate(chosen, start=1)]
    return CompanySuggestions(current.company, ranked, current.section)
