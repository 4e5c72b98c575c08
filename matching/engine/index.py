"""The prepared population: compact arrays every scoring call reads.

``prepare`` is deterministic for a given set of profiles, embedder and config
(profiles are sorted by key first), so several workers that each prepare the
same population get the same index and can split the rows between them.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

import numpy as np

from .breadth import Breadth, breadth
from .calibration import N_LANG, Reference, background_bounds, field_bounds, language_code
from .candidates import (
    PooledSpace,
    fit_projection,
    hub_scores,
    key_vectors,
    language_centres,
    place,
)
from .config import ACTIVITIES, MatchingConfig
from .embed import Embedder, Role, unit_rows
from .hubness import hubs_of, phrase_hubs
from .phrases import PhraseField, build_field, pooled_means
from .records import Profile
from .reference import REFERENCE_PHRASES

SECTIONS = "ABCDEFGHIJKLMNOPQRSTU"
FIELDS: tuple[str, ...] = ("needs", "capabilities", "goals")
POOLED_SHRINKAGE = 20.0
PCA_MIN_PER_DIM = 10


def activity_mask(codes: Iterable[str]) -> int:
    """Bit mask of value-chain activities (unknown codes are ignored)."""
    return sum(1 << ACTIVITIES.index(c) for c in set(codes) if c in ACTIVITIES)


@dataclass
class Index:
    """Compact arrays of one population, rows in key order.

    ``calibration[0]`` holds need→capability bounds and ``calibration[1]``
    goal↔goal bounds, indexed ``[lang_a, lang_b]`` (see ``calibration.py``).
    ``query``/``key`` are the pooled candidate vectors (also the field-level
    similarities, calibrated by ``field_calibration``), ``breadth`` each
    company's excess breadth (the exposure correction, see ``breadth.py``).
    """

    keys: list[str]
    lang: np.ndarray
    section: np.ndarray
    division: np.ndarray
    strengths: np.ndarray
    seeks: np.ndarray
    fields: dict[str, PhraseField]
    calibration: np.ndarray
    space: PooledSpace
    phrase_projection: np.ndarray | None
    query: np.ndarray
    key: np.ndarray
    field_calibration: np.ndarray
    breadth: Breadth
    embedder_name: str
    row_of: dict[str, int] = field(default_factory=dict)
    division_rows: dict | None = None
    # Per row, the exposure cutoff of ``exposure.py`` (None: no exposure control).
    exposure: np.ndarray | None = None
    # Per row, its hubness in candidate space (``candidates.hub_scores``; None: none).
    hub: np.ndarray | None = None

    def __post_init__(self) -> None:
        if not self.row_of:
            self.row_of = {k: r for r, k in enumerate(self.keys)}

    def __len__(self) -> int:
        return len(self.keys)

    def phrases(self, field_name: str, row: int) -> list[str]:
        """A company's normalised phrases of one field, in its order."""
        table = self.fields[field_name]
        return [table.texts[i] for i in table.of(row)]

    def section_letter(self, row: int) -> str:
        return SECTIONS[self.section[row]] if self.section[row] >= 0 else "?"


def _meta(profiles: list[Profile]) -> dict[str, np.ndarray]:
    return {
        "lang": np.array([language_code(p.language) for p in profiles], dtype=np.int8),
        "section": np.array(
            [SECTIONS.find(p.industry.strip().upper()[:1] or "?") for p in profiles],
            dtype=np.int8,
        ),
        "division": np.array(
            [int(p.division) if p.division and p.division.isdigit() else -1 for p in profiles],
            dtype=np.int16,
        ),
        "strengths": np.array([activity_mask(p.strengths) for p in profiles], dtype=np.uint16),
        "seeks": np.array([activity_mask(p.seeks) for p in profiles], dtype=np.uint16),
    }


def project_fields(fields_: dict[str, PhraseField], config: MatchingConfig) -> np.ndarray | None:
    """Project all phrase vectors onto their top ``config.phrase_dim`` principal directions.

    Less memory and faster phrase-level scoring for large populations;
    ``None`` (no projection) when ``phrase_dim`` is at least the embedder's
    dimension, or when there are too few phrases (under ``PCA_MIN_PER_DIM``
    per kept dimension) for the directions to generalise to new phrases.
    """
    dim = next(iter(fields_.values())).vectors.shape[1]
    distinct = sum(len(f.texts) for f in fields_.values())
    if config.phrase_dim >= dim or distinct < PCA_MIN_PER_DIM * config.phrase_dim:
        return None
    projection = fit_projection(
        [f.vectors for f in fields_.values()], config.phrase_dim, config.seed
    )
    for table in fields_.values():
        table.vectors = unit_rows(table.vectors @ projection)
    return projection


def reference_vectors(
    embedder: Embedder,
    fields_: dict[str, PhraseField],
    roles: dict[str, Role],
    projection: np.ndarray | None,
    config: MatchingConfig,
) -> dict[str, Reference]:
    """Reference phrases (see ``reference.py``) prepared like each field's phrases,
    with their hubness: ``"needs"`` → (as needs, hubs, as capabilities, hubs),
    ``"goals"`` → (as goals, hubs, as goals, hubs)."""

    def like(name: str, phrases: list[str]) -> tuple[np.ndarray, np.ndarray]:
        raw = embedder.embed(phrases, roles[name]) - fields_[name].centre
        vectors = unit_rows(raw)
        vectors = vectors if projection is None else unit_rows(vectors @ projection)
        return vectors, hubs_of(fields_[name], vectors, config)

    out: dict[str, Reference] = {"needs": {}, "goals": {}}
    for language, phrases in REFERENCE_PHRASES.items():
        code, phrases = language_code(language), list(phrases)
        out["needs"][code] = (*like("needs", phrases), *like("capabilities", phrases))
        goals = like("goals", phrases)
        out["goals"][code] = (*goals, *goals)
    return out


def prepare(
    profiles: Iterable[Profile],
    embedder: Embedder,
    config: MatchingConfig | None = None,
    *,
    exposure: bool = True,
) -> Index:
    """Embed (each distinct phrase once per role), centre, calibrate and pool a population.

    ``exposure=False`` leaves out the exposure allocation (``exposure.py``), for a caller
    that gives the index cutoffs computed once elsewhere (``exposure.cutoffs_set``).
    Raises ``ValueError`` on duplicate keys.
    """
    config = config or MatchingConfig()
    ordered = sorted(profiles, key=lambda p: p.key)
    keys = [p.key for p in ordered]
    if len(set(keys)) != len(keys):
        raise ValueError("duplicate company keys")
    meta = _meta(ordered)
    roles = {"needs": config.need_role, "capabilities": config.capability_role}
    roles["goals"] = config.goal_role
    fields_ = {
        name: build_field(
            [getattr(p, name) for p in ordered], embedder, roles[name], config.centre_shrinkage
        )
        for name in FIELDS
    }
    phrase_projection = project_fields(fields_, config)
    phrase_hubs(fields_, len(ordered), config)
    ref = reference_vectors(embedder, fields_, roles, phrase_projection, config)
    calibration = np.stack(
        [
            background_bounds(
                fields_["needs"], fields_["capabilities"], meta["lang"], config, ref["needs"]
            ),
            background_bounds(
                fields_["goals"], fields_["goals"], meta["lang"], config, ref["goals"], True
            ),
        ]
    )
    pooled = [pooled_means(fields_[name]) for name in FIELDS]
    space = PooledSpace(
        projection=fit_projection(pooled, config.candidate_dim, config.seed),
        lang_centres=language_centres(pooled, meta["lang"], N_LANG, POOLED_SHRINKAGE),
    )
    query = place(pooled, meta["lang"], space)
    key = key_vectors(query)
    index = Index(
        keys=keys,
        fields=fields_,
        calibration=calibration,
        space=space,
        phrase_projection=phrase_projection,
        query=query,
        key=key,
        field_calibration=field_bounds(query, meta["lang"], config),
        breadth=breadth(fields_, meta["lang"], calibration, config),
        embedder_name=embedder.name,
        **meta,
    )
    if config.candidate_hubness > 0:
        index.hub = config.candidate_hubness * hub_scores(
            query, key, config.hub_neighbours, config.hub_sample, config.seed
        )
    if exposure:
        from .exposure import exposure_cutoffs

        index.exposure = exposure_cutoffs(index, config)
    return index
