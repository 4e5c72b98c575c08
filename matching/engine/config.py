"""Weights and thresholds of the matching engine, with documented defaults.

The Django layer builds a :class:`MatchingConfig` from settings; every field
has a default that works on a laptop and on the benchmarks.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields

#: Porter value-chain activity codes, in the exchange format's spelling.
ACTIVITIES: tuple[str, ...] = (
    "inbound_logistics",
    "operations",
    "outbound_logistics",
    "marketing_sales",
    "service",
    "firm_infrastructure",
    "human_resources",
    "technology_development",
    "procurement",
)


@dataclass(frozen=True)
class Weights:
    """How much each component adds to one direction's score (they sum to 1).

    ``value_chain`` and ``cross_industry`` only count in proportion to the text
    evidence gate (see ``MatchingConfig.evidence_gate``), so structure alone
    never makes a match.
    """

    complementarity: float = 0.45
    goals: float = 0.25
    value_chain: float = 0.15
    cross_industry: float = 0.15


@dataclass(frozen=True)
class MatchingConfig:
    """All tunables of the engine.

    Text similarity
        ``need_role`` / ``capability_role`` / ``goal_role``: the embedding role
        (e5 prefix) of each field; needs are asked, capabilities offered.
        ``calibration_floor_quantile`` / ``calibration_top_quantile``: a phrase
        cosine is rescaled so that the population's background quantile
        ``floor`` (unrelated phrases) maps to 0 and ``top`` maps to 1, per
        language pair (ja→ja, ja→en …), since cross-language cosines run lower;
        ``background_pairs`` random phrase pairs per language pair, plus fixed
        reference phrases that anchor small populations (``reference.py``).
        ``centre_shrinkage``: phrase vectors have their field's population mean
        subtracted, shrunk by n/(n + shrinkage) so tiny populations are not
        distorted.
        ``best_match_weight``: a direction's complementarity is
        ``w·best + (1-w)·mean`` over the needs' best answers, so one strongly
        answered need counts even if others are not (goals pool the same way).
        ``field_weight``: share of the field-level similarity (the language-
        centred mean of all needs against the mean of all capabilities, and
        of goals) in complementarity and goals; the rest is phrase-level.

    Structure
        ``same_section_score``: cross-industry score of a different division in
        the same ISIC section (a different section scores 1).
        ``same_division_score``: its score when ``include_same_division``.
        ``evidence_gate``: text evidence (max of complementarity and goals) at
        which value chain and cross-industry count fully; below, linearly less.

    Reciprocity
        a pair's score is the harmonic mean of the two directions' scores;
        ``weak_side_floor``: below this, the weaker direction pulls the pair
        down further (multiplied by weak/floor).

    Ranking
        ``top_k`` suggestions per company, chosen among ``candidates`` found by
        pooled vectors (everyone, in populations that small);
        ``max_section_share`` of a list from one ISIC section where others
        qualify, i.e. score at least ``diversity_score_ratio`` times the
        candidate they would displace (0: any candidate qualifies);
        ``min_score`` to be suggested at all;
        ``evidence_threshold``: the calibrated phrase similarity at which a
        need–capability pair (either way) or a pair of goals counts as a real
        match; a pair without one is never suggested, and reasons name only
        such phrase pairs (``evidence.py``; measured on labelled pairs by
        ``benchmarks/phrase_pairs.py``); ``evidence_threshold_across`` is
        the same for two companies writing in different languages, whose
        calibrated similarities run lower: set for the same recall (and
        about the same precision) on the labelled pairs;
        ``reason_component_floor``: a phrase match counts (as evidence and as
        a reason) only where its component agrees: that direction's
        complementarity for a need answered by a capability, the pair's goals
        component for goal matches, at least this (the level a suggestion card
        reads as "Medium", ``matching.bands.COMPONENT_LEVELS``);
        ``breadth_correction`` times a company's excess breadth (how much more
        than the median company it matches random partners, per component;
        CSLS-style, see ``breadth.py``) is subtracted from its pairs'
        complementarity and goals; ``breadth_sample`` random partners measure it.

        ``exposure_allowance``: a company may be in at most allowance × the
        average number of lists; over that, it keeps the lists where its pair
        score is highest (deferred acceptance with capacities, at most
        ``exposure_iterations`` rounds; ``exposure.py``), which leaves it a
        per-company *cutoff* a pair score must clear; ``exposure_sample``
        viewers (or ``exposure_sample_share`` of the population if more) run
        the allocation, in populations of at least
        ``exposure_min_population``. Scores are never changed.

        ``max_reasons`` per suggestion (at least one, naming phrases).
        ``seed`` of every sample (calibration, breadth, projections): the
        same population and seed always give the same index.
        ``one_directional``: rank by the viewer's own direction only (a
        baseline for the quality benchmark; never for production).

    Speed
        ``candidate_hubness``: candidates are found by ``query·key`` less this
        times each company's hubness (its mean similarity to its
        ``hub_neighbours`` nearest of ``hub_sample`` companies; CSLS), so a
        company near everyone's pooled vectors does not fill every candidate
        list (0: off).
        ``phrase_hubness``: each phrase similarity is lowered by this times
        the mean hubness of its two phrases (their mean cosine to their
        ``hub_neighbours`` nearest of ``hub_sample`` phrases of the other
        side; ``hubness.py``), so generic phrases weigh less (0: off), in
        populations of at least ``phrase_hub_min_population``.
        ``candidate_dim`` dimensions per field for pooled candidate vectors
        (PCA of centred means); ``phrase_dim`` dimensions kept per phrase
        vector (PCA; the embedder's dimension or more keeps all);
        ``block_rows`` rows per candidate matrix product block;
        ``phrase_block_rows`` viewers scored together at phrase level.
    """

    weights: Weights = field(default_factory=Weights)
    need_role: str = "query"
    capability_role: str = "passage"
    goal_role: str = "query"
    calibration_floor_quantile: float = 75.0
    calibration_top_quantile: float = 99.5
    background_pairs: int = 4000
    centre_shrinkage: float = 100.0
    best_match_weight: float = 0.3
    field_weight: float = 0.5
    same_section_score: float = 0.6
    same_division_score: float = 0.0
    include_same_division: bool = False
    evidence_gate: float = 0.3
    weak_side_floor: float = 0.15
    top_k: int = 10
    candidates: int = 40
    max_section_share: float = 1 / 3
    diversity_score_ratio: float = 0.75
    min_score: float = 0.02
    evidence_threshold: float = 0.3
    evidence_threshold_across: float = 0.2
    reason_component_floor: float = 0.33
    breadth_correction: float = 1.5
    breadth_sample: int = 128
    candidate_hubness: float = 1.0
    phrase_hubness: float = 1.0
    phrase_hub_min_population: int = 1000
    hub_neighbours: int = 10
    hub_sample: int = 4000
    exposure_allowance: float = 1.5
    exposure_sample: int = 2000
    exposure_sample_share: float = 0.4
    exposure_min_population: int = 200
    exposure_iterations: int = 100
    candidate_dim: int = 64
    phrase_dim: int = 192
    block_rows: int = 512
    phrase_block_rows: int = 128
    max_reasons: int = 3
    seed: int = 0
    one_directional: bool = False

    @classmethod
    def from_mapping(cls, values: dict) -> MatchingConfig:
        """Build a config from a settings dict; unknown keys raise ``TypeError``.

        ``weights`` may be given as a dict of component weights.
        """
        known = {f.name for f in fields(cls)}
        unknown = set(values) - known
        if unknown:
            raise TypeError(f"unknown matching settings: {sorted(unknown)}")
        values = dict(values)
        if isinstance(values.get("weights"), dict):
            values["weights"] = Weights(**values["weights"])
        return cls(**values)
