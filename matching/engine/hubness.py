"""Phrases that resemble everything: the hubness correction of phrase similarities.

In a large population, some phrases sit close to very many phrases of the
other side: a generic need ("new sales channels", 「地域の人材の確保」) is
near half the capabilities on the platform, and a broadly worded capability
near half the needs. Raw similarity then pairs them with anything that shares
a theme, and the reasons read "X matches Y" where nothing matches. As CSLS
does for cross-lingual retrieval (Conneau et al., 2018), each phrase's
*hubness* is its mean cosine to its ``hub_neighbours`` nearest phrases in a
fixed random sample of the other side (``hub_sample`` distinct phrases), and
a pair's similarity is its cosine less ``phrase_hubness`` times the mean of
the two phrases' hubness. A specific phrase that meets its true counterpart
keeps a high similarity; a generic one must stand out from its crowd.

``phrase_hubs`` sets ``PhraseField.hub`` (already scaled, so a pair's
correction is ``left.hub[a] + right.hub[b]``) and keeps the sample, so the
phrases of a profile saved later are measured against the same sample
(``measure``).
"""

from __future__ import annotations

import numpy as np

from .config import MatchingConfig
from .phrases import PhraseField

CHUNK = 4096
#: A cosine this close to 1 is the phrase itself.
SAME = 0.9999


def measure(vectors: np.ndarray, sample: np.ndarray, k: int, strength: float) -> np.ndarray:
    """Half of ``strength`` × the mean cosine of each row of ``vectors`` to its ``k``
    nearest rows of ``sample``."""
    out = np.zeros(len(vectors), dtype=np.float32)
    if len(sample) == 0 or len(vectors) == 0 or strength <= 0:
        return out
    k = min(k, len(sample))
    for start in range(0, len(vectors), CHUNK):
        sims = vectors[start : start + CHUNK] @ sample.T
        sims[sims > SAME] = -1.0  # a phrase is not its own neighbour (goals meet goals)
        top = np.partition(sims, len(sample) - k, axis=1)[:, len(sample) - k :]
        out[start : start + CHUNK] = top.mean(axis=1)
    return (0.5 * strength * out).astype(np.float32)


def hubs_of(field: PhraseField, vectors: np.ndarray, config: MatchingConfig) -> np.ndarray:
    """The hubness of phrases prepared like ``field``'s (new or reference phrases),
    measured against the sample ``field``'s own phrases were measured against."""
    if field.hub_sample is None:
        return np.zeros(len(vectors), dtype=np.float32)
    return measure(vectors, field.hub_sample, config.hub_neighbours, config.phrase_hubness)


def _sample(field: PhraseField, size: int, seed: int) -> np.ndarray:
    """A fixed random sample of the distinct phrases a population uses (their vectors)."""
    used = np.unique(field.ids)
    rng = np.random.default_rng(seed)
    chosen = np.sort(rng.choice(used, min(size, len(used)), replace=False)) if len(used) else used
    return field.vectors[chosen]


def phrase_hubs(fields: dict[str, PhraseField], n: int, config: MatchingConfig) -> None:
    """In place: hubness of needs against capabilities, capabilities against needs and
    goals against goals, for a population of ``n`` companies (nothing when
    ``phrase_hubness`` is 0 or the population is under ``phrase_hub_min_population``:
    among few phrases, a phrase's nearest neighbours are its true counterparts, not
    the crowd it resembles)."""
    if config.phrase_hubness <= 0 or n < config.phrase_hub_min_population:
        return
    opposite = {"needs": "capabilities", "capabilities": "needs", "goals": "goals"}
    samples = {
        name: _sample(fields[name], config.hub_sample, config.seed + 11 + i)
        for i, name in enumerate(opposite)
    }
    for name, other in opposite.items():
        field = fields[name]
        field.hub_sample = samples[other]
        field.hub = measure(
            field.vectors, field.hub_sample, config.hub_neighbours, config.phrase_hubness
        )
