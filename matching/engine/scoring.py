"""The engine's entry points: score rows in blocks, or one company.

Full run, split over workers::

    index = prepare(profiles, embedder, config)          # each worker, same result
    for rows in blocks(len(index), 2000):                # or a MatchBlock's rows
        lists = score_block(index, rows, config)         # list[CompanySuggestions]

Any split of the rows gives the same lists as one whole run. Rows are the
profiles in key order (``index.keys``, ``index.row_of``). Workers are best run
with single-threaded BLAS (``OPENBLAS_NUM_THREADS=1``), one per core.

One company after its profile changed::

    index = replace_profile(index, profile, embedder, config)   # update.py; ~ms
    result = rescore(index, key, config, listed_by=keys_whose_list_has_it)
    result.own        # its new list
    result.entries    # {other_key: Suggestion of key as seen by other_key}
    # for each other list: merge_entry(current_list, result.entries[other], config)

The pair score is symmetric, so the company's entry into (or exit from) other
lists is the same pair score seen from the other side; ``merge_entry``
(``rank.py``) applies it to a stored list.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

import numpy as np

from .candidates import top_candidates
from .components import Components, Pairs, components
from .config import MatchingConfig
from .explain import BlockEvidence, reasons_for
from .exposure import above_cutoff
from .index import Index
from .rank import diversify
from .records import CompanySuggestions, Suggestion
from .score import pair_scores

FEW_ROWS = 8


@dataclass(frozen=True)
class Rescore:
    """A rescored company's own list and its entries as seen by other companies."""

    own: CompanySuggestions
    entries: dict[str, Suggestion]


def blocks(n: int, size: int) -> Iterator[range]:
    """Consecutive row ranges of at most ``size`` covering ``range(n)``."""
    for start in range(0, n, size):
        yield range(start, min(n, start + size))


def same_division_rows(index: Index) -> dict[tuple[int, int], np.ndarray]:
    """Rows per known (section, division), built once per index."""
    if index.division_rows is None:
        groups: dict[tuple[int, int], list[int]] = {}
        for row, (sec, div) in enumerate(
            zip(index.section.tolist(), index.division.tolist(), strict=True)
        ):
            if div >= 0:
                groups.setdefault((sec, div), []).append(row)
        index.division_rows = {k: np.array(v, dtype=np.int64) for k, v in groups.items()}
    return index.division_rows


def exclude(index: Index, rows: np.ndarray, values: np.ndarray, config: MatchingConfig) -> None:
    """In place: -inf for each row's own column and, unless opted in, its same-division peers."""
    values[np.arange(len(rows)), rows] = -np.inf
    if config.include_same_division:
        return
    few = len(rows) <= FEW_ROWS  # one rescored company: no need for the whole grouping
    groups = None if few else same_division_rows(index)
    for r, row in enumerate(rows.tolist()):
        section, division = int(index.section[row]), int(index.division[row])
        if division < 0:
            continue
        if few:
            peers = np.flatnonzero((index.division == division) & (index.section == section))
        else:
            peers = groups[(section, division)]
        values[r, peers] = -np.inf


def candidate_rows(index: Index, rows: Sequence[int], config: MatchingConfig) -> list[np.ndarray]:
    """Per row, the ``config.candidates`` best partners by pooled vectors (allowed ones only)."""
    rows = np.asarray(rows, dtype=np.int64)
    out: list[np.ndarray] = []
    for start in range(0, len(rows), config.block_rows):
        part = rows[start : start + config.block_rows]
        values = index.query[part] @ index.key.T
        if index.hub is not None:
            values -= index.hub[None, :]
        exclude(index, part, values, config)
        for r, cols in enumerate(top_candidates(values, config.candidates)):
            out.append(cols[np.isfinite(values[r, cols])])
    return out


def _round(values: np.ndarray) -> list[float]:
    return np.round(values.astype(np.float64), 4).tolist()


def components_dicts(
    parts: Components, ks: np.ndarray, for_a: np.ndarray, back: np.ndarray, flip: bool
) -> list[dict]:
    """Per pair in ``ks``: pair-level components plus both directions, seen by the list owner."""
    c_for, c_back = parts.complementarity_for[ks], parts.complementarity_back[ks]
    v_for, v_back = parts.value_chain_for[ks], parts.value_chain_back[ks]
    mine, theirs = for_a[ks], back[ks]
    if flip:
        mine, theirs, c_for, c_back, v_for, v_back = theirs, mine, c_back, c_for, v_back, v_for
    columns = zip(
        _round((c_for + c_back) / 2),
        _round(parts.goals[ks]),
        _round((v_for + v_back) / 2),
        _round(parts.cross_industry[ks]),
        *(_round(x) for x in (mine, c_for, v_for, theirs, c_back, v_back)),
        strict=True,
    )
    return [
        {
            "complementarity": c,
            "goals": g,
            "value_chain": v,
            "cross_industry": x,
            "for_you": {"score": s1, "complementarity": c1, "value_chain": v1},
            "for_them": {"score": s2, "complementarity": c2, "value_chain": v2},
        }
        for c, g, v, x, s1, c1, v1, s2, c2, v2 in columns
    ]


def evidence_needed(index: Index, a: np.ndarray, b: np.ndarray, config: MatchingConfig):
    """Per pair of rows, the phrase similarity that counts as a real match between them:
    ``evidence_threshold``, or ``evidence_threshold_across`` for companies writing in
    different languages."""
    same = index.lang[a] == index.lang[b]
    return np.where(same, config.evidence_threshold, config.evidence_threshold_across)


def suggestible(score: np.ndarray, margin: np.ndarray, config: MatchingConfig) -> np.ndarray:
    """Pairs that may be suggested at all: at or above ``min_score``, with a phrase
    match at or above what their languages need (``margin`` ≥ 0: never an invented
    match)."""
    return (score >= config.min_score) & (margin >= 0)


def chosen_pairs(
    index: Index,
    starts: np.ndarray,
    score: np.ndarray,
    margin: np.ndarray,
    cands: np.ndarray,
    r: int,
    viewer: int,
    config: MatchingConfig,
) -> list[int]:
    """Viewer ``r``'s diverse top-K pair indices (pairs ``starts[r]:starts[r+1]``)
    by score, ties by row (= key order), among the ``suggestible`` pairs whose
    score clears the partner's exposure cutoff (``exposure.py``). Fewer than
    ``top_k`` when fewer qualify."""
    lo, hi = int(starts[r]), int(starts[r + 1])
    score, cands = score[lo:hi], cands[lo:hi]
    allowed = suggestible(score, margin[lo:hi], config)
    allowed &= above_cutoff(score, index.exposure, cands)
    keep = np.flatnonzero(allowed)
    ordered = keep[np.lexsort((cands[keep], -score[keep]))].tolist()
    sections = index.section[cands].tolist()
    own = int(index.section[viewer]) if index.section[viewer] >= 0 else None
    return [lo + i for i in diversify(ordered, sections, score.tolist(), config, own)]


@dataclass
class _Scored:
    """A block of (viewer, candidate) pairs scored both ways, with evidence."""

    pairs: Pairs
    parts: Components
    score: np.ndarray
    for_a: np.ndarray
    back: np.ndarray
    found: BlockEvidence
    needed: np.ndarray  # per pair, the similarity that counts as a real match

    @property
    def evidence(self) -> np.ndarray:
        """Per pair, its strongest calibrated phrase match (need–capability or goals)."""
        return self.found.strongest

    @property
    def margin(self) -> np.ndarray:
        """Per pair, how far its evidence is above what it needs (≥ 0: suggestible)."""
        return self.evidence - self.needed

    @classmethod
    def of(cls, index: Index, pairs: Pairs, config: MatchingConfig) -> _Scored:
        parts = components(index, pairs, config)
        score, for_a, back = pair_scores(parts, config)
        found = BlockEvidence.of(parts, pairs).agreeing(parts, config.reason_component_floor)
        needed = evidence_needed(index, pairs.viewer_of_pair, pairs.cands, config)
        return cls(pairs, parts, score, for_a, back, found, needed)

    def suggestions(
        self,
        index: Index,
        ks: Sequence[int],
        ranks: Sequence[int],
        config: MatchingConfig,
        flip: bool,
    ) -> list[Suggestion]:
        """Pairs ``ks``' candidates as suggestions to their viewers (the reverse when ``flip``)."""
        ks = np.asarray(ks, dtype=np.int64)
        side = self.pairs.viewers[self.pairs.owner[ks]] if flip else self.pairs.cands[ks]
        partners = side.tolist()
        comps = components_dicts(self.parts, ks, self.for_a, self.back, flip)
        # Rounded down, so a merge (``rank.merge_entry``) never admits what a run refused.
        found = (np.floor(self.evidence[ks].astype(np.float64) * 1e4) / 1e4).tolist()
        for row, value, needed in zip(comps, found, self.needed[ks].tolist(), strict=True):
            row["evidence"] = value
            row["evidence_needed"] = needed
        if index.exposure is not None:
            for row, cutoff in zip(comps, index.exposure[side].tolist(), strict=True):
                row["exposure_cutoff"] = round(cutoff, 6)
        return [
            Suggestion(
                partner=index.keys[partner],
                rank=rank,
                score=score,
                partner_section=index.section_letter(partner),
                components=comps,
                reasons=why,
            )
            for partner, rank, score, comps, why in zip(
                partners,
                ranks,
                self.score[ks].tolist(),
                comps,
                reasons_for(index, self.pairs, ks, self.found, self.needed[ks], config, flip),
                strict=True,
            )
        ]

    def chosen(self, index: Index, r: int, config: MatchingConfig) -> list[int]:
        """Viewer ``r``'s diverse top-K pair indices by score; ties by row (= key order)."""
        pairs, viewer = self.pairs, int(self.pairs.viewers[r])
        return chosen_pairs(
            index, pairs.starts, self.score, self.margin, pairs.cands, r, viewer, config
        )

    def ranked(self, index: Index, config: MatchingConfig) -> list[CompanySuggestions]:
        """Every viewer's list."""
        chosen = [self.chosen(index, r, config) for r in range(len(self.pairs.viewers))]
        flat = [k for ks in chosen for k in ks]
        ranks = [rank for ks in chosen for rank in range(1, len(ks) + 1)]
        made = iter(self.suggestions(index, flat, ranks, config, flip=False))
        return [
            CompanySuggestions(
                index.keys[viewer], [next(made) for _ in ks], index.section_letter(viewer)
            )
            for viewer, ks in zip(self.pairs.viewers.tolist(), chosen, strict=True)
        ]


def rank_rows(
    index: Index, rows: Sequence[int], cand_lists: Sequence[np.ndarray], config: MatchingConfig
) -> list[CompanySuggestions]:
    """Score each row against its candidates and keep its diverse top-K."""
    out: list[CompanySuggestions] = []
    step = config.phrase_block_rows
    for start in range(0, len(rows), step):
        pairs = Pairs.of(rows[start : start + step], cand_lists[start : start + step])
        out.extend(_Scored.of(index, pairs, config).ranked(index, config))
    return out


def score_block(
    index: Index, rows: Iterable[int], config: MatchingConfig
) -> list[CompanySuggestions]:
    """Suggestion lists of ``rows``; any split of the rows into blocks gives the same lists."""
    rows = list(rows)
    return rank_rows(index, rows, candidate_rows(index, rows, config), config)


def score_one(index: Index, key: str, config: MatchingConfig) -> CompanySuggestions:
    """One company's list: exactly what a full run would give it."""
    return score_block(index, [index.row_of[key]], config)[0]


def rescore(
    index: Index, key: str, config: MatchingConfig, listed_by: Iterable[str] = ()
) -> Rescore:
    """``key``'s own list, and how ``key`` now looks from its candidates and ``listed_by``.

    ``entries[other]`` is ``key``'s Suggestion in ``other``'s list (rank 0,
    unranked; ``merge_entry`` tells whether it still belongs in that list). Pairs
    excluded by the same-division rule get no entry; ``listed_by`` keys that
    are unknown are ignored.
    """
    a = index.row_of[key]
    cands = candidate_rows(index, [a], config)[0]
    own = rank_rows(index, [a], [cands], config)[0]
    extra = [index.row_of[k] for k in listed_by if k in index.row_of and k != key]
    others = np.unique(np.concatenate([cands, np.asarray(extra, dtype=np.int64)]))
    if not config.include_same_division and len(others):
        values = np.zeros((1, len(index)), dtype=np.float32)
        exclude(index, np.array([a]), values, config)
        others = others[np.isfinite(values[0, others])]
    scored = _Scored.of(index, Pairs.of([a], [others]), config)
    made = scored.suggestions(index, range(len(others)), [0] * len(others), config, flip=True)
    return Rescore(own, {index.keys[int(b)]: s for b, s in zip(others, made, strict=True)})


def score_all(index: Index, config: MatchingConfig) -> list[CompanySuggestions]:
    """Every company's list (a full run in one process)."""
    out: list[CompanySuggestions] = []
    for rows in blocks(len(index), config.block_rows):
        out.extend(score_block(index, rows, config))
    return out
