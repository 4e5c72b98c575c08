"""Phrase-level components of viewer companies against their candidates, in [0, 1].

Work is done for a block of viewers at once: the block's (viewer, candidate)
pairs are laid out flat, and every step after the per-viewer matrix products
is one numpy call for the whole block. "for" = what the candidate brings to
the viewer (its capabilities answer the viewer's needs, its strengths cover
what the viewer seeks); "back" = what the viewer brings to the candidate.
The calibrated phrase similarities are kept as :class:`Similarities`, from
which the reasons are read.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from .config import MatchingConfig
from .index import Index
from .phrases import PhraseField

POPCOUNT = np.array([bin(i).count("1") for i in range(1 << 9)], dtype=np.float32)
SEEK_COVERAGE_WEIGHT = 0.6
#: Field-level similarity needs a population to calibrate against: below this
#: many companies its weight shrinks linearly (phrase level is anchored by the
#: reference phrases instead).
FIELD_FULL_WEIGHT_AT = 50


@dataclass
class Pairs:
    """Flat (viewer, candidate) pairs of a block: pairs ``starts[r]:starts[r+1]`` are viewer r's."""

    viewers: np.ndarray  # (R,) viewer rows
    cands: np.ndarray  # (P,) candidate rows
    owner: np.ndarray  # (P,) position of the pair's viewer in ``viewers``
    starts: np.ndarray  # (R + 1,)

    @classmethod
    def of(cls, viewers: Sequence[int], cand_lists: Sequence[np.ndarray]) -> Pairs:
        counts = np.array([len(c) for c in cand_lists], dtype=np.int64)
        starts = np.zeros(len(counts) + 1, dtype=np.int64)
        np.cumsum(counts, out=starts[1:])
        cands = np.concatenate([np.asarray(c, dtype=np.int64) for c in cand_lists] or [[]])
        owner = np.repeat(np.arange(len(counts)), counts)
        return cls(np.asarray(viewers, dtype=np.int64), cands.astype(np.int64), owner, starts)

    @property
    def viewer_of_pair(self) -> np.ndarray:
        return self.viewers[self.owner]


@dataclass
class Similarities:
    """Calibrated similarities: candidates' phrases (rows, grouped per pair by
    ``starts``) × their viewer's phrases (columns, padded to the block's longest
    list; padding is 0). ``row_ids`` are the rows' phrase ids, ``viewer_ids``
    ``(R, width)`` the columns' phrase ids per viewer (-1 = padding)."""

    values: np.ndarray
    row_ids: np.ndarray
    starts: np.ndarray
    viewer_ids: np.ndarray

    @property
    def counts(self) -> np.ndarray:
        return np.diff(self.starts)


@dataclass
class Components:
    """Component arrays over a block's pairs (see module docstring)."""

    complementarity_for: np.ndarray
    complementarity_back: np.ndarray
    goals: np.ndarray
    value_chain_for: np.ndarray
    value_chain_back: np.ndarray
    cross_industry: np.ndarray
    cap_need: Similarities  # candidates' capabilities × viewer's needs
    need_cap: Similarities  # candidates' needs × viewer's capabilities
    goal: Similarities  # candidates' goals × viewer's goals


def _offsets(counts: np.ndarray) -> np.ndarray:
    starts = np.zeros(len(counts) + 1, dtype=np.int64)
    np.cumsum(counts, out=starts[1:])
    return starts


def gather(table: PhraseField, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Phrase ids of all ``rows`` concatenated, and the offsets of each row's."""
    counts = table.ptr[rows + 1] - table.ptr[rows]
    starts = _offsets(counts)
    offsets = np.repeat(table.ptr[rows] - starts[:-1], counts)
    return table.ids[offsets + np.arange(starts[-1])], starts


def padded_ids(table: PhraseField, rows: np.ndarray) -> np.ndarray:
    """``(len(rows), longest)`` phrase ids of each row, padded with -1."""
    counts = table.ptr[rows + 1] - table.ptr[rows]
    width = int(counts.max()) if len(counts) else 0
    column = np.arange(width)[None, :]
    positions = np.minimum(table.ptr[rows][:, None] + column, len(table.ids) - 1)
    return np.where(column < counts[:, None], table.ids[positions], -1)


def similarities(
    index: Index, rows_field: str, cols_field: str, which: int, pairs: Pairs
) -> Similarities:
    """Calibrated cosines of each candidate's ``rows_field`` phrases × its viewer's
    ``cols_field`` phrases (less both phrases' hubness), for all pairs of the block.

    Calibration bounds are ``index.calibration[which]`` indexed (need language,
    capability language) for which = 0 and (viewer, candidate) for goals.
    """
    rows_t, cols_t = index.fields[rows_field], index.fields[cols_field]
    row_ids, starts = gather(rows_t, pairs.cands)
    viewer_ids = padded_ids(cols_t, pairs.viewers)
    columns = cols_t.vectors[np.maximum(viewer_ids, 0)]
    rows = rows_t.vectors[row_ids]
    values = np.zeros((len(row_ids), viewer_ids.shape[1]), dtype=np.float32)
    row_start = starts[pairs.starts]
    column_hubs = cols_t.hubs(np.maximum(viewer_ids, 0))
    for r in range(len(pairs.viewers)):
        lo, hi = row_start[r], row_start[r + 1]
        if hi > lo:
            np.matmul(rows[lo:hi], columns[r].T, out=values[lo:hi])
            values[lo:hi] -= column_hubs[r][None, :]
    values -= rows_t.hubs(row_ids)[:, None]
    counts = np.diff(starts)
    row_lang = np.repeat(index.lang[pairs.cands], counts)
    entry_owner = np.repeat(pairs.owner, counts)
    col_lang = index.lang[pairs.viewers][entry_owner]
    needs_are_rows = rows_field == "needs"
    bounds = index.calibration[which][
        (row_lang, col_lang) if needs_are_rows else (col_lang, row_lang)
    ]
    values -= bounds[:, :1]
    values *= 1.0 / (bounds[:, 1:] - bounds[:, :1])
    np.clip(values, 0.0, 1.0, out=values)
    values *= viewer_ids[entry_owner] >= 0
    return Similarities(values, row_ids, starts, viewer_ids)


def segment_max(values: np.ndarray, starts: np.ndarray) -> np.ndarray:
    """Max over each row segment ``starts[k]:starts[k+1]`` (0 for empty segments)."""
    counts = np.diff(starts)
    out = np.zeros((len(counts),) + values.shape[1:], dtype=np.float32)
    filled = np.flatnonzero(counts)
    if len(filled) and values.size:
        out[filled] = np.maximum.reduceat(values, starts[:-1][filled], axis=0)
    return out


def segment_pool(values: np.ndarray, starts: np.ndarray, weight: float) -> np.ndarray:
    """``weight``·max + (1-weight)·mean of each segment of the 1-D ``values`` (0 if empty)."""
    counts = np.diff(starts)
    sums = np.zeros(len(counts), dtype=np.float32)
    filled = np.flatnonzero(counts)
    if len(filled):
        sums[filled] = np.add.reduceat(values, starts[:-1][filled])
    return weight * segment_max(values, starts) + (1 - weight) * sums / np.maximum(counts, 1)


def pool_columns(best: np.ndarray, counts: np.ndarray, weight: float) -> np.ndarray:
    """Per row, ``weight``·max + (1-weight)·mean over its first ``counts`` columns
    (the rest is zero padding)."""
    if best.shape[1] == 0:
        return np.zeros(best.shape[0], dtype=np.float32)
    mean = best.sum(axis=1) / np.maximum(counts, 1)
    return weight * best.max(axis=1) + (1 - weight) * mean


def row_best(similar: Similarities) -> np.ndarray:
    """Each row's best match among the viewer's phrases (0 without any)."""
    if similar.values.shape[1] == 0:
        return np.zeros(len(similar.values), dtype=np.float32)
    return similar.values.max(axis=1)


def value_chain(seeks: np.ndarray, own: np.ndarray, theirs: np.ndarray) -> np.ndarray:
    """How well partner strengths ``theirs`` serve a company (``seeks``, ``own`` strengths).

    A mix of the share of sought activities the partner is strong in and the
    share of the partner's strengths that extend the company's own, i.e. how
    much more of the chain the two cover together. Without stated seeks, only
    the extension counts.
    """
    extension = POPCOUNT[theirs & ~own & 0x1FF] / np.maximum(POPCOUNT[theirs], 1)
    wanted = POPCOUNT[seeks]
    coverage = POPCOUNT[seeks & theirs] / np.maximum(wanted, 1)
    mixed = SEEK_COVERAGE_WEIGHT * coverage + (1 - SEEK_COVERAGE_WEIGHT) * extension
    return np.where(wanted > 0, mixed, extension).astype(np.float32)


def cross_industry(
    index: Index, a: np.ndarray, b: np.ndarray, config: MatchingConfig
) -> np.ndarray:
    """1 for another ISIC section, ``same_section_score`` for another (or unknown)
    division of the same section, ``same_division_score`` for the same division."""
    same_section = index.section[b] == index.section[a]
    same_division = same_section & (index.division[b] == index.division[a])
    same_division &= index.division[a] >= 0
    out = np.where(same_section, config.same_section_score, 1.0)
    return np.where(same_division, config.same_division_score, out).astype(np.float32)


def _viewer_counts(index: Index, field: str, pairs: Pairs) -> np.ndarray:
    return index.fields[field].counts[pairs.viewer_of_pair]


def field_level(index: Index, pairs: Pairs) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(for, back, goals): calibrated cosines of the companies' pooled field vectors.

    The whole list of needs against the whole list of capabilities, each
    centred by its language's mean: it catches a match spread over several
    phrases that no single phrase pair shows, and bridges languages.
    """
    a, b = pairs.viewer_of_pair, pairs.cands
    k = index.query.shape[1] // 3
    qa, qb = index.query[a], index.query[b]
    la, lb = index.lang[a], index.lang[b]
    bounds = index.field_calibration

    def scaled(kind: int, x: np.ndarray, y: np.ndarray, lx: np.ndarray, ly: np.ndarray):
        lo, hi = bounds[kind, lx, ly, 0], bounds[kind, lx, ly, 1]
        return np.clip((np.einsum("ij,ij->i", x, y) - lo) / (hi - lo), 0.0, 1.0)

    needs, caps, goals = slice(0, k), slice(k, 2 * k), slice(2 * k, 3 * k)
    return (
        scaled(0, qa[:, needs], qb[:, caps], la, lb),
        scaled(0, qb[:, needs], qa[:, caps], lb, la),
        scaled(1, qa[:, goals], qb[:, goals], la, lb),
    )


def components(index: Index, pairs: Pairs, config: MatchingConfig) -> Components:
    """All components of a block's pairs.

    Complementarity mixes (by ``field_weight``) the phrase level — over the
    needs, the pooled best calibrated match among the other side's
    capabilities — with the field level (``field_level``); goals likewise,
    with both sides' pooled best goal matches. Both are lowered by the two
    companies' excess breadth (``breadth.py``), so generalists do not answer
    everyone.
    """
    w, k, wide = config.best_match_weight, config.breadth_correction, index.breadth
    f = config.field_weight * min(1.0, len(index) / FIELD_FULL_WEIGHT_AT)
    a, b = pairs.viewer_of_pair, pairs.cands
    field_for, field_back, field_goals = field_level(index, pairs)
    cap_need = similarities(index, "capabilities", "needs", 0, pairs)
    best = segment_max(cap_need.values, cap_need.starts)
    for_a = pool_columns(best, _viewer_counts(index, "needs", pairs), w)
    for_a = (1 - f) * for_a + f * field_for - k * (wide.needs[a] + wide.capabilities[b])
    need_cap = similarities(index, "needs", "capabilities", 0, pairs)
    back = segment_pool(row_best(need_cap), need_cap.starts, w)
    back = (1 - f) * back + f * field_back - k * (wide.needs[b] + wide.capabilities[a])
    goal = similarities(index, "goals", "goals", 1, pairs)
    best = segment_max(goal.values, goal.starts)
    own_side = pool_columns(best, _viewer_counts(index, "goals", pairs), w)
    their_side = segment_pool(row_best(goal), goal.starts, w)
    shared = (1 - f) * 0.5 * (own_side + their_side) + f * field_goals
    shared -= k * (wide.goals[a] + wide.goals[b])
    s, st = index.seeks, index.strengths
    return Components(
        complementarity_for=np.clip(for_a, 0.0, 1.0).astype(np.float32),
        complementarity_back=np.clip(back, 0.0, 1.0).astype(np.float32),
        goals=np.clip(shared, 0.0, 1.0).astype(np.float32),
        value_chain_for=value_chain(s[a], st[a], st[b]),
        value_chain_back=value_chain(s[b], st[b], st[a]),
        cross_industry=cross_industry(index, a, b, config),
        cap_need=cap_need,
        need_cap=need_cap,
        goal=goal,
    )
