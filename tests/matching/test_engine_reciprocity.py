"""Reciprocity and size-blindness: a match must be good for both, whatever their size."""

from dataclasses import fields, replace

import numpy as np

from matching.engine import LexicalEmbedder, MatchingConfig, Profile, prepare, score_all
from matching.engine.score import reciprocal

CONFIG = MatchingConfig()


def company(key, industry, division, caps, needs, goals):
    return Profile(key, "en", industry, division, ("operations",), ("service",), caps, needs, goals)


POPULATION = [
    company(
        "builder",
        "F",
        "42",
        ("heavy excavator fleet",),
        ("drone land surveying",),
        ("safer construction sites",),
    ),
    company(
        "two-sided",
        "J",
        "62",
        ("drone land surveying service",),
        ("access to a heavy excavator fleet",),
        ("safer construction sites everywhere",),
    ),
    company(
        "one-sided",
        "M",
        "71",
        ("drone land surveying service",),
        ("organic bakery flour supply",),
        ("safer construction sites everywhere",),
    ),
    company(
        "bakery",
        "C",
        "10",
        ("sourdough bread baking",),
        ("organic flour supply",),
        ("good bread for every town",),
    ),
    company(
        "hotel",
        "I",
        "55",
        ("hot spring inn hospitality",),
        ("overseas tourists",),
        ("revive regional tourism",),
    ),
]


def scores_of(lists, viewer):
    return {s.partner: s.score for s in next(c for c in lists if c.company == viewer).suggestions}


def test_a_one_sided_pair_scores_lower_than_a_two_sided_one():
    lists = score_all(prepare(POPULATION, LexicalEmbedder(), CONFIG), CONFIG)
    scores = scores_of(lists, "builder")
    assert scores["two-sided"] > scores.get("one-sided", 0.0) + 0.1


def test_without_reciprocity_the_one_sided_pair_looks_as_good():
    config = replace(CONFIG, one_directional=True)
    lists = score_all(prepare(POPULATION, LexicalEmbedder(), config), config)
    scores = scores_of(lists, "builder")
    assert abs(scores["two-sided"] - scores["one-sided"]) < 0.05


def test_the_pair_score_is_the_same_seen_from_either_side():
    lists = score_all(prepare(POPULATION, LexicalEmbedder(), CONFIG), CONFIG)
    assert scores_of(lists, "builder")["two-sided"] == scores_of(lists, "two-sided")["builder"]


def test_a_balanced_pair_beats_a_lopsided_pair_of_the_same_mean():
    balanced = reciprocal(np.array([0.5]), np.array([0.5]), CONFIG)
    lopsided = reciprocal(np.array([0.9]), np.array([0.1]), CONFIG)
    nothing_back = reciprocal(np.array([1.0]), np.array([0.0]), CONFIG)
    assert balanced[0] > lopsided[0]
    assert nothing_back[0] == 0.0


def test_a_weak_side_below_the_floor_pulls_the_pair_down_further():
    floor = CONFIG.weak_side_floor
    above = reciprocal(np.array([0.6]), np.array([floor]), CONFIG)[0]
    below = reciprocal(np.array([0.6]), np.array([floor / 2]), CONFIG)[0]
    harmonic_below = 2 * 0.6 * (floor / 2) / (0.6 + floor / 2)
    assert below < harmonic_below
    assert below < above


def test_profiles_carry_no_size_or_age():
    names = {f.name for f in fields(Profile)}
    assert not names & {"employees", "founded", "capital", "revenue"}


def test_changing_size_and_age_in_the_exchange_record_changes_nothing():
    record = {
        "key": "x",
        "language": "en",
        "industry": "C",
        "industry_division": "13",
        "value_chain": {"strengths": ["operations"], "seeks": ["marketing_sales"]},
        "capabilities": ["fibres"],
        "needs": ["a brand"],
        "goals": ["better clothes"],
    }
    small = Profile.from_exchange({**record, "employees": 3, "founded": 2020})
    large = Profile.from_exchange({**record, "employees": 48000, "founded": 1926})
    assert small == large


def test_equal_profiles_get_equal_scores():
    twin = POPULATION[1]
    population = POPULATION + [replace(twin, key="twin-b")]
    lists = score_all(prepare(population, LexicalEmbedder(), CONFIG), CONFIG)
    scores = scores_of(lists, "builder")
    assert scores["two-sided"] == scores["twin-b"]
    builder = next(c for c in lists if c.company == "builder")
    assert builder.suggestions[0].components == builder.suggestions[1].components


def test_pair_scores_are_symmetric_across_languages():
    mixed = [replace(p, language="ja") if i % 2 else p for i, p in enumerate(POPULATION)]
    mixed += [replace(p, key=f"{p.key}-ja", language="ja") for p in POPULATION]
    lists = score_all(prepare(mixed, LexicalEmbedder(), CONFIG), CONFIG)
    shown = {(c.company, s.partner): s.score for c in lists for s in c.suggestions}
    both = [(a, b) for a, b in shown if (b, a) in shown]
    assert both
    for a, b in both:
        assert shown[a, b] == shown[b, a]
