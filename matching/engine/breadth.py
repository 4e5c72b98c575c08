"""How broadly each company matches *everyone*: the exposure (hubness) correction.

A "generalist" that lists twenty capabilities answers almost any need a
little, and generic goals ("grow sustainably") align with everybody's. Left
alone, such companies fill everyone's lists. As in CSLS for cross-lingual
retrieval, each company's component is compared with what it scores against
random partners: its *breadth* is its mean component against a fixed sample
of the population, and only the *excess* over the population's median is
later subtracted from its pairs. Ordinary companies are untouched.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .config import MatchingConfig
from .phrases import PhraseField

MIN_POPULATION = 20
CHUNK_ROWS = 2048


@dataclass
class Breadth:
    """Excess breadth (≥ 0) per company: ``needs`` (how easily its needs are
    answered), ``capabilities`` (how many needs it answers), ``goals``."""

    needs: np.ndarray
    capabilities: np.ndarray
    goals: np.ndarray
    medians: tuple[float, float, float] = (np.inf, np.inf, np.inf)


KINDS = ("needs", "capabilities", "goals")


def _starts(counts: np.ndarray) -> np.ndarray:
    return np.concatenate(([0], np.cumsum(counts)[:-1])).astype(np.int64)


def _gather(table: PhraseField, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    counts = table.counts[rows]
    offsets = np.repeat(table.ptr[rows] - _starts(counts), counts)
    return table.ids[offsets + np.arange(counts.sum())], counts


def _calibrate(sims: np.ndarray, row_lang: np.ndarray, col_lang: np.ndarray, bounds) -> None:
    """In place: rescale by ``bounds[col_lang, row_lang]`` (left = column language).

    One side must be grouped by language (the sample is sorted so): the loop
    then runs over at most ``N_LANG`` contiguous blocks of that side.
    """
    grouped_rows = bool(np.all(np.diff(row_lang) >= 0))
    side = row_lang if grouped_rows else col_lang
    for code in np.unique(side):
        where = np.flatnonzero(side == code)
        part = slice(int(where[0]), int(where[-1]) + 1)
        if grouped_rows:
            lo, hi = bounds[col_lang, code, 0][None, :], bounds[col_lang, code, 1][None, :]
            block = sims[part]
        else:
            lo, hi = bounds[code, row_lang, 0][:, None], bounds[code, row_lang, 1][:, None]
            block = sims[:, part]
        block -= lo
        block *= 1.0 / (hi - lo)
    np.clip(sims, 0.0, 1.0, out=sims)


def _segment_rows_max(matrix: np.ndarray, counts: np.ndarray) -> np.ndarray:
    """Max over consecutive row segments (empty segments give 0).

    A plain loop: ``np.maximum.reduceat`` along axis 0 is ~10x slower on wide
    matrices.
    """
    out = np.zeros((len(counts), matrix.shape[1]), dtype=np.float32)
    for segment, (start, count) in enumerate(
        zip(_starts(counts).tolist(), counts.tolist(), strict=True)
    ):
        if count:
            np.max(matrix[start : start + count], axis=0, out=out[segment])
    return out


def directional(
    left: PhraseField,
    right: PhraseField,
    bounds: np.ndarray,
    lang: np.ndarray,
    rows_l: np.ndarray,
    rows_r: np.ndarray,
    weight: float,
) -> np.ndarray:
    """``(len(rows_r), len(rows_l))``: for each right company (row) and left company
    (column), the left company's phrases pooled over their best right phrase.

    With left = needs and right = capabilities this is the complementarity of
    each right company for each left company, as in ``components.py``. One of
    ``rows_l``/``rows_r`` must be sorted by language.
    """
    l_ids, l_counts = _gather(left, rows_l)
    r_ids, r_counts = _gather(right, rows_r)
    out = np.zeros((len(rows_r), len(rows_l)), dtype=np.float32)
    if len(l_ids) == 0 or len(r_ids) == 0:
        return out
    sims = right.vectors[r_ids] @ left.vectors[l_ids].T
    sims -= right.hubs(r_ids)[:, None] + left.hubs(l_ids)[None, :]
    l_lang = np.repeat(lang[rows_l], l_counts)
    _calibrate(sims, np.repeat(lang[rows_r], r_counts), l_lang, bounds)
    r_filled, l_filled = np.flatnonzero(r_counts), np.flatnonzero(l_counts)
    best = _segment_rows_max(sims, r_counts)[r_filled]
    l_starts = _starts(l_counts)[l_filled]
    top = np.maximum.reduceat(best, l_starts, axis=1)
    mean = np.add.reduceat(best, l_starts, axis=1) / l_counts[l_filled]
    out[np.ix_(r_filled, l_filled)] = weight * top + (1 - weight) * mean
    return out


def _masked_mean(matrix: np.ndarray, rows: np.ndarray, sample: np.ndarray) -> np.ndarray:
    """Row means of ``matrix`` (rows × sample) leaving out each company's pair with itself."""
    own = rows[:, None] == sample[None, :]
    total = np.where(own, 0.0, matrix).sum(axis=1)
    return total / np.maximum(len(sample) - own.sum(axis=1), 1)


def language_sorted_sample(lang: np.ndarray, size: int, seed: int) -> np.ndarray:
    """A fixed random sample of rows, ordered by (language, row)."""
    rng = np.random.default_rng(seed)
    sample = rng.choice(len(lang), min(len(lang), size), replace=False)
    return sample[np.lexsort((sample, lang[sample]))]


def breadth_means(
    fields: dict[str, PhraseField],
    lang: np.ndarray,
    calibration: np.ndarray,
    config: MatchingConfig,
    rows: np.ndarray,
) -> np.ndarray:
    """``(3, len(rows))`` mean needs / capabilities / goals components of ``rows``
    against the population's fixed sample (their pairs with themselves left out)."""
    sample = language_sorted_sample(lang, config.breadth_sample, config.seed)
    needs, caps, goals = fields["needs"], fields["capabilities"], fields["goals"]
    w = config.best_match_weight
    answered = directional(needs, caps, calibration[0], lang, rows, sample, w).T
    answers = directional(needs, caps, calibration[0], lang, sample, rows, w)
    own = directional(goals, goals, calibration[1], lang, rows, sample, w).T
    theirs = directional(goals, goals, calibration[1], lang, sample, rows, w)
    return np.stack(
        [
            _masked_mean(answered, rows, sample),
            _masked_mean(answers, rows, sample),
            _masked_mean(0.5 * (own + theirs), rows, sample),
        ]
    )


def breadth(
    fields: dict[str, PhraseField],
    lang: np.ndarray,
    calibration: np.ndarray,
    config: MatchingConfig,
) -> Breadth:
    """Excess breadth of every company against a fixed random sample of partners."""
    n = len(lang)
    if n < MIN_POPULATION:
        zeros = np.zeros(n, dtype=np.float32)
        return Breadth(zeros, zeros.copy(), zeros.copy())
    means = np.zeros((3, n))
    for r0 in range(0, n, CHUNK_ROWS):
        rows = np.arange(r0, min(n, r0 + CHUNK_ROWS))
        means[:, rows] = breadth_means(fields, lang, calibration, config, rows)
    medians = np.median(means, axis=1)
    excess = np.maximum(0.0, means - medians[:, None]).astype(np.float32)
    return Breadth(*excess, medians=tuple(float(m) for m in medians))
