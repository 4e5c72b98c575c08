"""Phrases that resemble everything weigh less (``matching/engine/hubness.py``)."""

from dataclasses import replace

import numpy as np
import pytest

from matching.engine import LexicalEmbedder, MatchingConfig, Profile, prepare
from matching.engine.hubness import hubs_of, measure
from matching.engine.update import replace_profile

CONFIG = replace(MatchingConfig(), phrase_hub_min_population=50)


def population(n=80):
    """Companies with specific needs (each answered by its neighbour), and a few whose
    need is worded like everyone's offer."""
    out = []
    for i in range(n):
        generic = i % 10 == 0
        need = "services and solutions for business" if generic else f"kiln number {i} repair"
        out.append(
            Profile(
                f"c{i:03d}",
                "en",
                "CJGMN"[i % 5],
                None,
                (),
                (),
                (
                    f"business services and solutions, line {i}",
                    f"kiln number {(i + 1) % n} repairs",
                ),
                (need,),
                (f"goal {i}",),
            )  # fmt: skip
        )
    return out


def test_a_phrase_near_many_phrases_of_the_other_side_has_a_larger_hub():
    index = prepare(population(), LexicalEmbedder(), CONFIG, exposure=False)
    needs = index.fields["needs"]
    generic = needs.id_of()["services and solutions for business"]
    specific = needs.id_of()["kiln number 7 repair"]
    assert needs.hub[generic] > needs.hub[specific] > 0


def test_small_populations_are_left_alone():
    index = prepare(population(), LexicalEmbedder(), MatchingConfig(), exposure=False)
    assert MatchingConfig().phrase_hub_min_population > 80
    assert all(field.hub is None for field in index.fields.values())
    off = replace(CONFIG, phrase_hubness=0.0)
    assert prepare(population(), LexicalEmbedder(), off, exposure=False).fields["needs"].hub is None


def test_a_phrase_is_not_its_own_neighbour():
    vectors = np.eye(3, dtype=np.float32)
    assert measure(vectors, vectors, k=1, strength=1.0).tolist() == [0.0, 0.0, 0.0]


def test_phrases_of_a_saved_profile_are_measured_against_the_same_sample():
    index = prepare(population(), LexicalEmbedder(), CONFIG, exposure=False)
    needs = index.fields["needs"]
    assert np.allclose(hubs_of(needs, needs.vectors, CONFIG), needs.hub)
    edited = replace(population()[3], needs=("services and solutions for business", "a new kiln"))
    updated = replace_profile(index, edited, LexicalEmbedder(), CONFIG)
    fresh = updated.fields["needs"]
    new = fresh.id_of()["a new kiln"]
    assert len(fresh.hub) == len(fresh.texts)
    assert np.isclose(fresh.hub[new], hubs_of(needs, fresh.vectors[new : new + 1], CONFIG)[0])


def test_the_engine_and_pair_similarities_subtract_the_same_hubs():
    from matching.engine import score_all
    from matching.engine.evidence import pair_similarities

    # Every phrase match named, however weak: this compares values, not thresholds.
    config = replace(CONFIG, evidence_threshold=0.01, reason_component_floor=0.0)
    index = prepare(population(), LexicalEmbedder(), config)
    reasons = [
        r
        for items in score_all(index, config)
        for s in items.suggestions
        for r in s.reasons
        if r["kind"] == "need_capability"
    ]
    assert reasons
    for r in reasons[:20]:
        again = pair_similarities(
            index, [r["need"]], [r["capability"]], ["en"], ["en"], LexicalEmbedder(), config
        )
        assert again[0] == pytest.approx(r["similarity"], abs=1e-3)


def test_scoring_subtracts_both_phrases_hubs_before_calibrating():
    from matching.engine.components import Pairs, similarities

    index = prepare(population(), LexicalEmbedder(), CONFIG, exposure=False)
    pairs = Pairs.of([0, 1], [np.arange(2, 40), np.arange(2, 40)])
    hubbed = similarities(index, "capabilities", "needs", 0, pairs).values
    for name in ("capabilities", "needs"):
        index.fields[name].hub = None
    plain = similarities(index, "capabilities", "needs", 0, pairs).values
    assert np.all(plain >= hubbed - 1e-6)
    assert np.any(plain > hubbed + 1e-3)
