"""Structured reasons for a suggestion, and a plain English renderer.

A reason names concrete evidence: the companies' own phrases that matched,
the value-chain activity codes covered, the industries. The Django layer
renders codes in the viewer's language and shows the phrases as written.
Strengths are calibrated similarities in [0, 1], for ordering, not display.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .components import Components, Pairs, Similarities, segment_max
from .config import ACTIVITIES, MatchingConfig
from .index import Index
from .records import Reason

SECTION_NAMES = {
    "A": "agriculture, forestry and fishing",
    "B": "mining",
    "C": "manufacturing",
    "D": "energy supply",
    "E": "water and waste",
    "F": "construction",
    "G": "wholesale and retail",
    "H": "transport and storage",
    "I": "accommodation and food service",
    "J": "information and communication",
    "K": "finance and insurance",
    "L": "real estate",
    "M": "professional, scientific and technical services",
    "N": "administrative and support services",
    "O": "public administration",
    "P": "education",
    "Q": "health and social work",
    "R": "arts, entertainment and recreation",
    "S": "other services",
    "T": "households",
    "U": "extraterritorial organisations",
}


@dataclass
class Best:
    """Per pair: the best (candidate phrase id, viewer phrase id) and its value (ids -1 if none)."""

    row_id: np.ndarray
    col_id: np.ndarray
    value: np.ndarray


def best_matches(similar: Similarities, owner: np.ndarray) -> Best:
    """The strongest match of each pair in ``similar`` (pair k owned by viewer ``owner[k]``)."""
    m = len(similar.starts) - 1
    best = Best(np.full(m, -1), np.full(m, -1), np.zeros(m, dtype=np.float32))
    if similar.values.size == 0:
        return best
    row_max, row_arg = similar.values.max(axis=1), similar.values.argmax(axis=1)
    entry_pair = np.repeat(np.arange(m), similar.counts)
    top = segment_max(row_max, similar.starts)
    hits = np.flatnonzero(row_max >= top[entry_pair])
    pairs_hit, first = np.unique(entry_pair[hits], return_index=True)
    rows = hits[first]
    best.row_id[pairs_hit] = similar.row_ids[rows]
    best.col_id[pairs_hit] = similar.viewer_ids[owner[pairs_hit], row_arg[rows]]
    best.value[pairs_hit] = top[pairs_hit]
    return best


@dataclass
class BlockEvidence:
    """``best_matches`` of each similarity matrix of a block of pairs."""

    cap_need: Best
    need_cap: Best
    goal: Best

    @classmethod
    def of(cls, parts: Components, pairs: Pairs) -> BlockEvidence:
        return cls(
            best_matches(parts.cap_need, pairs.owner),
            best_matches(parts.need_cap, pairs.owner),
            best_matches(parts.goal, pairs.owner),
        )

    def agreeing(self, parts: Components, floor: float) -> BlockEvidence:
        """Only the matches whose component agrees: a need answered by a capability
        where that direction's complementarity is at least ``floor``, a goal match
        where the pair's goals component is; others are dropped (value 0, ids -1), so
        no reason claims what its component denies (a card's "Why them for you" and
        "Why you for them" follow the two directions)."""

        def keep(best: Best, component: np.ndarray) -> Best:
            ok = component >= floor
            return Best(
                np.where(ok, best.row_id, -1),
                np.where(ok, best.col_id, -1),
                np.where(ok, best.value, 0.0).astype(np.float32),
            )

        return BlockEvidence(
            keep(self.cap_need, parts.complementarity_for),
            keep(self.need_cap, parts.complementarity_back),
            keep(self.goal, parts.goals),
        )

    @property
    def strongest(self) -> np.ndarray:
        """Per pair, its strongest phrase match of any kind (the pair's text evidence)."""
        return np.maximum(np.maximum(self.cap_need.value, self.need_cap.value), self.goal.value)


def _need_reason(direction: str, need: str, capability: str, similarity: float) -> Reason:
    return {
        "kind": "need_capability",
        "direction": direction,
        "need": need,
        "capability": capability,
        "similarity": similarity,
    }


_ACTIVITY_LISTS = [
    tuple(code for bit, code in enumerate(ACTIVITIES) if mask >> bit & 1)
    for mask in range(1 << len(ACTIVITIES))
]


def activities(mask: int) -> list[str]:
    """Activity codes of a bit mask, in Porter's order."""
    return list(_ACTIVITY_LISTS[mask])


def _lists(best: Best, ks: np.ndarray) -> tuple[list, list, list]:
    return best.row_id[ks].tolist(), best.col_id[ks].tolist(), np.round(best.value[ks], 3).tolist()


def _text_reasons(index: Index, found: BlockEvidence, ks: np.ndarray, flip: bool) -> list[list]:
    """Per pair: need–capability matches both ways and the best shared goal, strongest first."""
    needs, caps, goals = (index.fields[f].texts for f in ("needs", "capabilities", "goals"))
    mine, theirs = ("for_them", "for_you") if flip else ("for_you", "for_them")
    out: list[list] = [[] for _ in ks]
    for rows, cols, values, build in (
        (*_lists(found.cap_need, ks), lambda r, c, v: _need_reason(mine, needs[c], caps[r], v)),
        (*_lists(found.need_cap, ks), lambda r, c, v: _need_reason(theirs, needs[r], caps[c], v)),
        (*_lists(found.goal, ks), lambda r, c, v: _goal_reason(goals[c], goals[r], v, flip)),
    ):
        for found_k, row, col, value in zip(out, rows, cols, values, strict=True):
            if row >= 0 and col >= 0:
                found_k.append(build(row, col, value))
    for found_k in out:
        found_k.sort(key=lambda r: -r["similarity"])
    return out


def _goal_reason(own: str, other: str, similarity: float, flip: bool) -> Reason:
    goal, partner_goal = (other, own) if flip else (own, other)
    return {
        "kind": "shared_goal",
        "goal": goal,
        "partner_goal": partner_goal,
        "similarity": similarity,
    }


def value_chain_reason(seeks: list, strengths: list, a: int, b: int) -> Reason | None:
    """Activities each side seeks and the other is strong in, and the joint coverage.

    ``seeks``/``strengths`` are the index's masks as Python lists.
    """
    for_you, for_them = seeks[a] & strengths[b], seeks[b] & strengths[a]
    together = _ACTIVITY_LISTS[strengths[a] | strengths[b]]
    alone = max(len(_ACTIVITY_LISTS[strengths[a]]), len(_ACTIVITY_LISTS[strengths[b]]))
    if not for_you and not for_them and len(together) <= alone:
        return None
    return {
        "kind": "value_chain",
        "activities": list(_ACTIVITY_LISTS[for_you]),
        "partner_activities": list(_ACTIVITY_LISTS[for_them]),
        "together": list(together),
        "alone": alone,
    }


def cross_industry_reason(index: Index, a: int, b: int) -> Reason | None:
    """The two industries, when they differ in section or division."""
    same_section = index.section[a] == index.section[b]
    if same_section and index.division[a] == index.division[b]:
        return None
    return {
        "kind": "cross_industry",
        "section": index.section_letter(a),
        "partner_section": index.section_letter(b),
        "distance": "division" if same_section else "section",
    }


def reasons_for(
    index: Index,
    pairs: Pairs,
    ks: np.ndarray,
    found: BlockEvidence,
    needed: np.ndarray,
    config: MatchingConfig,
    flip: bool,
) -> list[list[Reason]]:
    """One to ``max_reasons`` reasons for each pair in ``ks`` (viewer ``a``, candidate ``b``).

    Why ``b`` is suggested to ``a``, or ``a`` to ``b`` when ``flip``. Text
    evidence comes first: up to two phrase matches of similarity at least
    ``needed`` (per pair in ``ks``, ``scoring.evidence_needed``); then the value
    chain and the industry distance, then further strong matches. A phrase pair
    below the threshold is never presented as a match: a pair without any is not
    suggested at all (``scoring.chosen_pairs``), and where one is asked for
    anyway (a rescored entry on its way out of a list) its reasons say only what
    else is true.
    """
    ks = np.asarray(ks, dtype=np.int64)
    texts = _text_reasons(index, found, ks, flip)
    viewers = pairs.viewers[pairs.owner[ks]].tolist()
    cands = pairs.cands[ks].tolist()
    seeks, strengths = index.seeks.tolist(), index.strengths.tolist()
    out = []
    for text, a, b, bar in zip(texts, viewers, cands, np.asarray(needed).tolist(), strict=True):
        viewer, partner = (b, a) if flip else (a, b)
        strong = [r for r in text if r["similarity"] >= bar]
        picked = strong[:2]
        for extra in (
            value_chain_reason(seeks, strengths, viewer, partner),
            cross_industry_reason(index, viewer, partner),
        ):
            if extra:
                picked.append(extra)
        picked.extend(strong[2:])
        out.append(picked[: config.max_reasons])
    return out


def _quote(text: str) -> str:
    return f"'{text}'"


def _activity_words(codes: list[str]) -> str:
    return ", ".join(code.replace("_", " ") for code in codes)


def _render_need(reason: Reason) -> str:
    need, capability = _quote(reason["need"]), _quote(reason["capability"])
    if reason["direction"] == "for_you":
        return f"Your need {need} matches their capability {capability}"
    return f"Their need {need} matches your capability {capability}"


def _render_chain(reason: Reason) -> str:
    parts = []
    if reason["activities"]:
        words = _activity_words(reason["activities"])
        parts.append(f"they are strong in {words}, which you seek")
    if reason["partner_activities"]:
        words = _activity_words(reason["partner_activities"])
        parts.append(f"you are strong in {words}, which they seek")
    covered = len(reason["together"])
    parts.append(f"together you cover {covered} of {len(ACTIVITIES)} value-chain activities")
    return "Value chain: " + "; ".join(parts)


def _render_industry(reason: Reason) -> str:
    ours = SECTION_NAMES.get(reason["section"], reason["section"])
    theirs = SECTION_NAMES.get(reason["partner_section"], reason["partner_section"])
    if reason["distance"] == "section":
        return f"Cross-industry: {ours} meets {theirs}"
    return f"Same broad industry ({ours}), different specialty"


def render_reason(reason: Reason) -> str:
    """Plain English sentence for one reason (the export format's ``reasons``)."""
    kind = reason["kind"]
    if kind == "need_capability":
        return _render_need(reason)
    if kind == "shared_goal":
        goal, theirs = _quote(reason["goal"]), _quote(reason["partner_goal"])
        return f"Shared goal: yours {goal}, theirs {theirs}"
    if kind == "value_chain":
        return _render_chain(reason)
    if kind == "cross_industry":
        return _render_industry(reason)
    raise ValueError(f"unknown reason kind: {kind}")


def render_reasons(reasons_: list[Reason]) -> list[str]:
    return [render_reason(r) for r in reasons_]
