"""Re-ranking a company's scored candidates into a diverse top-K list."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import replace

import numpy as np

from .config import MatchingConfig
from .records import CompanySuggestions, Suggestion


def section_cap(config: MatchingConfig) -> int:
    """Most suggestions one ISIC section may fill while others qualify (at least 1)."""
    return max(1, int(config.top_k * config.max_section_share + 1e-9))


def order(scores: np.ndarray, tie_keys: Sequence[str]) -> list[int]:
    """Positions sorted by score (best first), ties by key: deterministic."""
    return sorted(range(len(scores)), key=lambda i: (-scores[i], tie_keys[i]))


def diversify(ordered: Sequence[int], sections: Sequence, config: MatchingConfig) -> list[int]:
    """Pick ``top_k`` of ``ordered`` (best first) with at most ``section_cap`` per section.

    ``sections[i]`` is the section (letter or code) of item ``i``.

    Candidates skipped for their section only come back when too few others
    qualify to fill the list. The result keeps the original order.
    """
    cap = section_cap(config)
    taken: list[int] = []
    skipped: list[int] = []
    per_section: Counter = Counter()
    for i in ordered:
        if len(taken) == config.top_k:
            break
        if per_section[sections[i]] < cap:
            taken.append(i)
            per_section[sections[i]] += 1
        else:
            skipped.append(i)
    taken.extend(skipped[: config.top_k - len(taken)])
    position = {i: p for p, i in enumerate(ordered)}
    return sorted(taken, key=position.__getitem__)


def merge_entry(
    current: CompanySuggestions, entry: Suggestion, config: MatchingConfig
) -> CompanySuggestions:
    """A company's list after one partner was rescored.

    ``entry`` replaces any existing suggestion of the same partner; it stays
    out when below ``min_score`` (the partner exits the list). The list is
    re-diversified and renumbered. A partner that leaves is not replaced by
    the next one down (that one is unknown here): the next full run does.
    """
    kept = [s for s in current.suggestions if s.partner != entry.partner]
    if entry.score >= config.min_score:
        kept.append(entry)
    values = np.array([s.score for s in kept])
    ordered = order(values, [s.partner for s in kept])
    chosen = diversify(ordered, [s.partner_section for s in kept], config)
    ranked = [replace(kept[i], rank=r) for r, i in enumerate(chosen, start=1)]
    return CompanySuggestions(current.company, ranked)
