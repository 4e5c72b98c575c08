"""Rescaling raw cosines so that "unrelated" is about 0 and "clearly the same" is 1.

Raw multilingual-e5 cosines sit around 0.7–0.9 for almost anything, and
cross-language pairs run lower than same-language ones. So each cosine is
compared with a background: random phrase pairs of the population drawn with
the same language pair (and fixed reference phrases, see ``reference.py``).
A cosine at the background's floor quantile maps to 0, at its top quantile
to 1, clipped in between.
"""

from __future__ import annotations

import numpy as np

from .config import MatchingConfig
from .phrases import PhraseField

#: Language codes: 0 = ja, 1 = en, 2 = anything else.
LANGUAGES: tuple[str, ...] = ("ja", "en")
N_LANG = len(LANGUAGES) + 1
MIN_SPREAD = 0.02


def language_code(language: str) -> int:
    """Code of a language tag (``"ja-JP"`` counts as ``"ja"``)."""
    base = language.lower().split("-")[0]
    return LANGUAGES.index(base) if base in LANGUAGES else len(LANGUAGES)


MIN_SIMS = 50

#: Per language code, reference vectors prepared like the fields' and their hubness:
#: (left vectors, left hubs, right vectors, right hubs).
Reference = dict[int, tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]]


def _bounds(sims: np.ndarray, config: MatchingConfig) -> tuple[float, float]:
    lo, hi = np.percentile(
        sims, [config.calibration_floor_quantile, config.calibration_top_quantile]
    )
    return float(lo), float(max(hi, lo + MIN_SPREAD))


def _population_sims(
    left: PhraseField, right: PhraseField, pools: tuple, size: int, rng: np.random.Generator
) -> np.ndarray:
    """Cosines of random (left, right) occurrences of *different* companies."""
    (ids_a, owner_a), (ids_b, owner_b) = pools
    size = min(size, len(ids_a) * len(ids_b))
    if size == 0:
        return np.zeros(0, dtype=np.float32)
    pick_a, pick_b = rng.integers(0, len(ids_a), size), rng.integers(0, len(ids_b), size)
    other = owner_a[pick_a] != owner_b[pick_b]
    return _dots(left, right, ids_a[pick_a[other]], ids_b[pick_b[other]])


def _reference_sims(reference: Reference, la: int, lb: int) -> np.ndarray:
    """Cosines between reference phrases (a phrase never against itself)."""
    if la not in reference or lb not in reference:
        return np.zeros(0, dtype=np.float32)
    left, left_hubs = reference[la][:2]
    right, right_hubs = reference[lb][2:]
    sims = left @ right.T - left_hubs[:, None] - right_hubs[None, :]
    if la == lb:
        sims = sims[~np.eye(len(sims), dtype=bool)]
    return sims.ravel()


def background_bounds(
    left: PhraseField,
    right: PhraseField,
    lang: np.ndarray,
    config: MatchingConfig,
    reference: Reference,
    symmetric: bool = False,
) -> np.ndarray:
    """``(N_LANG, N_LANG, 2)`` (floor, top) cosines of ``left``×``right`` phrases.

    Entry ``[la, lb]`` comes from random occurrences of ``left`` phrases of
    language-``la`` companies against ``right`` phrases of *other* language-``lb``
    companies, plus the reference phrases of those languages (which dominate
    in small populations). Language pairs with too little data use the bounds
    of all pairs pooled. ``symmetric`` (goals against goals) merges [la, lb]
    with [lb, la], so a pair scores the same from either side. Deterministic
    for a population and ``config.seed``.
    """
    rng = np.random.default_rng(config.seed)
    owner_l = np.repeat(np.arange(len(lang)), left.counts)
    owner_r = np.repeat(np.arange(len(lang)), right.counts)
    found: dict[tuple[int, int], np.ndarray] = {}
    for la in range(N_LANG):
        pool_a = (left.ids[lang[owner_l] == la], owner_l[lang[owner_l] == la])
        for lb in range(N_LANG):
            pool_b = (right.ids[lang[owner_r] == lb], owner_r[lang[owner_r] == lb])
            pop = _population_sims(left, right, (pool_a, pool_b), config.background_pairs, rng)
            found[la, lb] = np.concatenate([pop, _reference_sims(reference, la, lb)])
    if symmetric:
        found = {(la, lb): np.concatenate([found[la, lb], found[lb, la]]) for la, lb in found}
    pooled = np.concatenate(list(found.values()))
    out = np.empty((N_LANG, N_LANG, 2), dtype=np.float32)
    out[:] = _bounds(pooled, config) if len(pooled) else (0.0, 1.0)
    for (la, lb), sims in found.items():
        if len(sims) >= MIN_SIMS:
            out[la, lb] = _bounds(sims, config)
    return out


def _dots(left: PhraseField, right: PhraseField, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Row-wise cosines of phrase ids ``a`` (of ``left``) and ``b`` (of ``right``), less
    their hubness (``hubness.py``)."""
    out = np.empty(len(a), dtype=np.float32)
    for start in range(0, len(a), 8192):
        stop = start + 8192
        va, vb = left.vectors[a[start:stop]], right.vectors[b[start:stop]]
        out[start:stop] = np.einsum("ij,ij->i", va, vb)
        out[start:stop] -= left.hubs(a[start:stop]) + right.hubs(b[start:stop])
    return out


def rescale(sims: np.ndarray, lo: np.ndarray | float, hi: np.ndarray | float) -> np.ndarray:
    """Cosines mapped linearly so ``lo``→0 and ``hi``→1, clipped to [0, 1]."""
    return np.clip((sims - lo) / (hi - lo), 0.0, 1.0)


#: Field-level similarity kinds: needs·capabilities (either way) and goals·goals.
FIELD_KINDS = 2
DEFAULT_FIELD_BOUNDS = (0.0, 0.5)


def field_bounds(query: np.ndarray, lang: np.ndarray, config: MatchingConfig) -> np.ndarray:
    """``(FIELD_KINDS, N_LANG, N_LANG, 2)`` bounds of company-level (pooled) cosines.

    From random pairs of different companies per language pair; pairs with
    too few companies use all pairs pooled, and populations with almost none
    a fixed default.
    """
    k = query.shape[1] // 3
    rng = np.random.default_rng(config.seed + 1)
    n = len(lang)
    out = np.empty((FIELD_KINDS, N_LANG, N_LANG, 2), dtype=np.float32)
    out[:] = DEFAULT_FIELD_BOUNDS
    size = min(config.background_pairs * 4, n * (n - 1))
    if size < MIN_SIMS:
        return out
    i, j = rng.integers(0, n, size), rng.integers(0, n, size)
    i, j = i[i != j], j[i != j]
    sims = (
        np.einsum("ij,ij->i", query[i, :k], query[j, k : 2 * k]),
        np.einsum("ij,ij->i", query[i, 2 * k :], query[j, 2 * k :]),
    )
    for kind, values in enumerate(sims):
        out[kind] = _bounds(values, config)
        for la in range(N_LANG):
            for lb in range(N_LANG):
                chosen = values[(lang[i] == la) & (lang[j] == lb)]
                if kind == 1:  # goals: symmetric
                    chosen = values[
                        ((lang[i] == la) & (lang[j] == lb)) | ((lang[i] == lb) & (lang[j] == la))
                    ]
                if len(chosen) >= MIN_SIMS * 4:
                    out[kind, la, lb] = _bounds(chosen, config)
    return out
