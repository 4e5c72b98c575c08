"""Fast candidate generation from pooled (averaged) vectors.

Each company gets a *query* vector ``[needs, capabilities, goals]`` and a *key*
vector ``[capabilities, needs, goals]`` (each part the projected, centred mean
of that field), so ``query_A · key_B`` = needs_A·caps_B + caps_A·needs_B +
goals_A·goals_B: both directions of complementarity plus shared goals, and
symmetric. Blocks of rows are scored against everyone with one float32 matrix
product; the best ``config.candidates`` per row go on to phrase-level scoring.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .embed import unit_rows

PCA_SAMPLE = 30_000
CHUNK_COLS = 128


@dataclass
class PooledSpace:
    """What is needed to place a (new) company in candidate space."""

    projection: np.ndarray  # (d, k) orthonormal columns
    lang_centres: np.ndarray  # (3 fields, N_LANG, d)


def language_centres(
    pooled: list[np.ndarray], lang: np.ndarray, n_lang: int, shrinkage: float
) -> np.ndarray:
    """Per field and language, the mean pooled vector shrunk by n / (n + shrinkage).

    Subtracting it removes the offset that separates Japanese from English
    texts, so cross-language candidates are not crowded out.
    """
    out = np.zeros((len(pooled), n_lang, pooled[0].shape[1]), dtype=np.float32)
    for f, vectors in enumerate(pooled):
        for code in range(n_lang):
            rows = vectors[lang == code]
            if len(rows):
                out[f, code] = rows.sum(axis=0) / (len(rows) + shrinkage)
    return out


def fit_projection(pooled: list[np.ndarray], k: int, seed: int) -> np.ndarray:
    """Top-``k`` principal directions (uncentred) of the rows of all ``pooled`` arrays.

    One shared basis, so dot products between fields survive the projection.
    At most ``PCA_SAMPLE`` rows (a fixed random sample) are used.
    """
    d = pooled[0].shape[1]
    if k >= d:
        return np.eye(d, dtype=np.float32)
    total = sum(len(p) for p in pooled)
    rng = np.random.default_rng(seed)
    share = min(1.0, PCA_SAMPLE / max(total, 1))
    stacked = np.concatenate(
        [
            p[np.sort(rng.choice(len(p), int(len(p) * share), False))] if share < 1 else p
            for p in pooled
        ]
    )
    cov = stacked.T.astype(np.float64) @ stacked.astype(np.float64)
    _, vectors = np.linalg.eigh(cov)
    return np.ascontiguousarray(vectors[:, ::-1][:, :k], dtype=np.float32)


def place(pooled: list[np.ndarray], lang: np.ndarray, space: PooledSpace) -> np.ndarray:
    """Query vectors ``(n, 3k)``: each field centred per language, projected, unit."""
    parts = [
        unit_rows(unit_rows(vectors - space.lang_centres[f][lang]) @ space.projection)
        for f, vectors in enumerate(pooled)
    ]
    return np.ascontiguousarray(np.concatenate(parts, axis=1))


def key_vectors(query: np.ndarray) -> np.ndarray:
    """Key vectors: the query's needs and capabilities parts swapped."""
    k = query.shape[1] // 3
    return np.ascontiguousarray(
        np.concatenate([query[:, k : 2 * k], query[:, :k], query[:, 2 * k :]], axis=1)
    )


def top_candidates(values: np.ndarray, m: int) -> list[np.ndarray]:
    """Per row of ``values``, column indices of the ``m`` largest, best first.

    Exact. Instead of a full argpartition over every column, a threshold is
    the m-th largest of the per-chunk maxima (at least m values reach it, so
    every true top-m value does); only values above it are sorted. Ties are
    broken by column index, so results do not depend on block boundaries.
    """
    rows, n = values.shape
    m = min(m, n)
    if m == 0:
        return [np.zeros(0, dtype=np.int64) for _ in range(rows)]
    thresholds = _thresholds(values, m)
    out = []
    for r in range(rows):
        cols = np.flatnonzero(values[r] >= thresholds[r])
        order = np.lexsort((cols, -values[r, cols]))[:m]
        out.append(cols[order])
    return out


def _thresholds(values: np.ndarray, m: int) -> np.ndarray:
    rows, n = values.shape
    chunks = n // CHUNK_COLS
    if chunks < m:
        return np.partition(values, n - m, axis=1)[:, n - m]
    maxima = values[:, : chunks * CHUNK_COLS].reshape(rows, chunks, CHUNK_COLS).max(axis=2)
    if chunks * CHUNK_COLS < n:
        maxima = np.concatenate(
            [maxima, values[:, chunks * CHUNK_COLS :].max(axis=1, keepdims=True)], axis=1
        )
    return np.partition(maxima, maxima.shape[1] - m, axis=1)[:, maxima.shape[1] - m]


def hub_scores(query: np.ndarray, key: np.ndarray, k: int, sample: int, seed: int) -> np.ndarray:
    """Per company, the mean of its ``k`` highest candidate similarities to a fixed
    sample of companies: how much of a *hub* it is in candidate space.

    As in CSLS, candidates are found by ``query·key − hub(key)``, so a company
    near everybody's pooled vectors does not take every candidate list.
    """
    n = len(key)
    if n <= k + 1:
        return np.zeros(n, dtype=np.float32)
    rng = np.random.default_rng(seed + 11)
    rows = np.sort(rng.choice(n, min(n, sample), replace=False))
    out = np.empty(n, dtype=np.float32)
    k = min(k, len(rows) - 1)
    for start in range(0, n, 8192):
        sims = key[start : start + 8192] @ query[rows].T
        top = np.partition(sims, sims.shape[1] - k, axis=1)[:, -k:]
        out[start : start + 8192] = top.mean(axis=1)
    return out
