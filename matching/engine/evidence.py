"""Phrase-pair evidence: does a capability really answer a need?

A reason says "your need X matches their capability Y". That claim must hold
for a business reader, so the engine names a phrase pair only when its
calibrated similarity reaches ``MatchingConfig.evidence_threshold``, chosen
on a labelled set of need–capability pairs (``benchmarks/phrase_pairs.py``:
related pairs, and hard negatives that share only a surface word or sit on
the same side of a deal) for high precision in Japanese, English and across
the two. ``pair_similarities`` scores any phrase pair exactly as the engine
scores it inside a population (centred, projected and calibrated with that
population's statistics), so the threshold is measured on the same scale.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from .calibration import language_code
from .config import MatchingConfig
from .embed import Embedder, unit_rows
from .hubness import hubs_of
from .index import Index
from .text import normalise_phrase


def _field_vectors(
    index: Index,
    name: str,
    phrases: Sequence[str],
    embedder: Embedder,
    role: str,
    config: MatchingConfig,
) -> tuple[np.ndarray, np.ndarray]:
    table = index.fields[name]
    raw = embedder.embed([normalise_phrase(p) for p in phrases], role)
    vectors = unit_rows(raw - table.centre)
    if index.phrase_projection is not None:
        vectors = unit_rows(vectors @ index.phrase_projection)
    return vectors, hubs_of(table, vectors, config)


def pair_similarities(
    index: Index,
    needs: Sequence[str],
    capabilities: Sequence[str],
    need_languages: Sequence[str],
    capability_languages: Sequence[str],
    embedder: Embedder,
    config: MatchingConfig,
) -> np.ndarray:
    """Calibrated similarity in [0, 1] of each (need, capability) pair, as the engine
    computes it between two companies of ``index``'s population."""
    n, n_hubs = _field_vectors(index, "needs", needs, embedder, config.need_role, config)
    c, c_hubs = _field_vectors(
        index, "capabilities", capabilities, embedder, config.capability_role, config
    )
    cosines = np.einsum("ij,ij->i", n, c) - n_hubs - c_hubs  # less their hubness
    ln = np.array([language_code(x) for x in need_languages])
    lc = np.array([language_code(x) for x in capability_languages])
    bounds = index.calibration[0][ln, lc]
    return np.clip((cosines - bounds[:, 0]) / (bounds[:, 1] - bounds[:, 0]), 0.0, 1.0)
