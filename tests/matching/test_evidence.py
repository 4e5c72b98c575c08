"""Honest lists and reasons: no suggestion without a real phrase match, no reason below it."""

import json
from collections import Counter
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from matching.engine import (
    CompanySuggestions,
    LexicalEmbedder,
    MatchingConfig,
    Profile,
    Suggestion,
    merge_entry,
    prepare,
    score_all,
    score_one,
)
from matching.engine.evidence import pair_similarities

CONFIG = MatchingConfig()
TEXT_KINDS = ("need_capability", "shared_goal")
PHRASE_PAIRS = Path(__file__).resolve().parents[2] / "benchmarks" / "data" / "phrase_pairs"


def company(key, industry, caps, needs, goals):
    return Profile(key, "en", industry, None, ("operations",), ("service",), caps, needs, goals)


def market():
    """A brewery whose need two companies answer, among companies with nothing in common."""
    brewery = company(
        "brewery", "C", ("premium sake brewing",), ("cold chain export logistics to Europe",),
        ("bring sake to European tables",),
    )  # fmt: skip
    answers = [
        company(
            f"logistics-{i}",
            "H",
            (f"cold chain export logistics to Europe, lane {i}",),
            ("premium sake brewing partners",),
            ("bring sake to European tables",),
        )  # fmt: skip
        for i in range(2)
    ]
    # Strangers share words and themes with the brewery, and nothing a partner needs.
    strangers = [
        company(
            f"stranger-{i}",
            "R",
            (f"export paperwork for European wedding tours {i}",),
            (f"sake cups for a tea ceremony {i}",),
            (f"bring music to European tables {i}",),
        )  # fmt: skip
        for i in range(12)
    ]
    return [brewery, *answers, *strangers]


def test_a_pair_without_a_real_phrase_match_is_not_suggested():
    # On the lexical embedder's scale, the strangers' surface overlaps reach about 0.7.
    strict = replace(CONFIG, evidence_threshold=0.9)
    own = score_one(prepare(market(), LexicalEmbedder(), strict), "brewery", strict)
    assert own.partners == ["logistics-0", "logistics-1"]  # two, not ten
    lenient = replace(CONFIG, evidence_threshold=0.0)
    padded = score_one(prepare(market(), LexicalEmbedder(), lenient), "brewery", lenient)
    assert len(padded.suggestions) == CONFIG.top_k  # what the threshold keeps out
    assert all(s.components["evidence"] < 0.9 for s in padded.suggestions[2:])


def test_every_suggestion_names_a_phrase_match_at_the_threshold_and_none_below():
    lists = score_all(prepare(market(), LexicalEmbedder(), CONFIG), CONFIG)
    suggestions = [s for items in lists for s in items.suggestions]
    assert suggestions
    for s in suggestions:
        text = [r for r in s.reasons if r["kind"] in TEXT_KINDS]
        assert text, s
        assert s.components["evidence_needed"] == CONFIG.evidence_threshold  # all in English
        assert all(r["similarity"] >= CONFIG.evidence_threshold for r in text)
        assert s.components["evidence"] >= CONFIG.evidence_threshold
        assert max(r["similarity"] for r in text) == pytest.approx(s.components["evidence"], 1e-3)
        # ... and agrees with its component, as the card shows it.
        floor = CONFIG.reason_component_floor
        for r in text:
            if r["kind"] == "shared_goal":
                assert s.components["goals"] >= floor - 1e-4
            else:
                assert s.components[r["direction"]]["complementarity"] >= floor - 1e-4


def disagreeing(lists, floor):
    """Reasons naming a phrase match whose component is below ``floor``."""
    out = []
    for s in (s for items in lists for s in items.suggestions):
        for r in s.reasons:
            if r["kind"] == "shared_goal":
                component = s.components["goals"]
            elif r["kind"] == "need_capability":
                component = s.components[r["direction"]]["complementarity"]
            else:
                continue
            if component < floor - 1e-4:
                out.append(r)
    return out


def test_no_reason_claims_a_match_its_component_denies():
    from tests.matching.test_engine_ranking import star_population

    floor = CONFIG.reason_component_floor
    ungated = replace(CONFIG, reason_component_floor=0.0)
    loose = score_all(prepare(star_population(), LexicalEmbedder(), ungated), ungated)
    assert disagreeing(loose, floor)  # what the floor is for
    gated = score_all(prepare(star_population(), LexicalEmbedder(), CONFIG), CONFIG)
    assert not disagreeing(gated, floor)


def test_the_reason_floor_is_the_level_a_card_reads_as_medium():
    from matching.bands import COMPONENT_LEVELS

    assert CONFIG.reason_component_floor == COMPONENT_LEVELS[1]


def test_companies_writing_in_different_languages_need_the_cross_language_threshold():
    from matching.engine.scoring import evidence_needed

    ja = Profile("ja-co", "ja", "C", None, (), (), ("日本酒の醸造",), ("輸出",), ("海外展開",))
    index = prepare([ja, *market()], LexicalEmbedder(), CONFIG)
    rows = np.array([index.row_of[k] for k in ("ja-co", "brewery", "logistics-0")])
    needed = evidence_needed(index, rows[:1].repeat(2), rows[1:], CONFIG)
    assert needed.tolist() == [CONFIG.evidence_threshold_across] * 2
    same = evidence_needed(index, rows[1:2], rows[2:], CONFIG)
    assert same.tolist() == [CONFIG.evidence_threshold]
    assert CONFIG.evidence_threshold_across < CONFIG.evidence_threshold


def test_merging_drops_a_partner_whose_evidence_fell_below_the_threshold():
    current = CompanySuggestions("viewer", [Suggestion("calm", 1, 0.5, "J", {"evidence": 0.9})])
    weak = Suggestion("weak", 0, 0.8, "H", {"evidence": CONFIG.evidence_threshold - 0.01})
    assert merge_entry(current, weak, CONFIG).partners == ["calm"]
    strong = Suggestion("weak", 0, 0.8, "H", {"evidence": CONFIG.evidence_threshold})
    assert merge_entry(current, strong, CONFIG).partners == ["weak", "calm"]
    between = (CONFIG.evidence_threshold_across + CONFIG.evidence_threshold) / 2
    across = {"evidence": between, "evidence_needed": CONFIG.evidence_threshold_across}
    assert merge_entry(current, Suggestion("jp", 0, 0.8, "H", across), CONFIG).partners[0] == "jp"
    alike = {"evidence": between, "evidence_needed": CONFIG.evidence_threshold}
    assert merge_entry(current, Suggestion("jp", 0, 0.8, "H", alike), CONFIG).partners == ["calm"]


def test_pair_similarities_score_a_phrase_pair_as_the_engine_does():
    index = prepare(market(), LexicalEmbedder(), CONFIG)
    reason = next(
        r
        for r in score_one(index, "brewery", CONFIG).suggestions[0].reasons
        if r["kind"] == "need_capability"
    )
    again = pair_similarities(
        index, [reason["need"]], [reason["capability"]], ["en"], ["en"], LexicalEmbedder(), CONFIG
    )
    assert again[0] == pytest.approx(reason["similarity"], abs=1e-3)


@pytest.mark.parametrize("name", ["ja-ja", "en-en", "ja-en"])
def test_the_labelled_phrase_pairs_are_well_formed(name):
    pairs = json.loads((PHRASE_PAIRS / f"{name}.json").read_text())["pairs"]
    assert len(pairs) >= 150
    kinds = Counter(p["kind"] for p in pairs)
    assert set(kinds) == {"related", "unrelated", "surface", "same_side"}
    assert all(p["related"] == (p["kind"] == "related") for p in pairs)
    assert len({(p["need"], p["capability"]) for p in pairs}) == len(pairs)
    assert all(p["need"].strip() and p["capability"].strip() for p in pairs)


def test_a_suggested_pair_names_none_of_its_weaker_phrase_matches():
    # The brewery and the shipper answer each other's needs word for word; their goals
    # only half agree (about 0.5 on this scale), so that goal match is no reason.
    brewery = company(
        "brewery", "C", ("premium sake brewing",), ("cold chain export logistics to Europe",),
        ("bring sake to European tables",),
    )  # fmt: skip
    shippers = [
        company(
            f"shipper-{i}",
            "H",
            (f"cold chain export logistics to Europe, lane {i}",),
            ("premium sake brewing partners",),
            ("faster freight to European tables",),
        )  # fmt: skip
        for i in range(2)
    ]
    others = [
        company(
            f"o-{i}", "R", (f"piano lessons {i}",), (f"wedding venue {i}",), (f"museum tours {i}",)
        )
        for i in range(12)
    ]
    config = replace(CONFIG, evidence_threshold=0.6, reason_component_floor=0.0, max_reasons=6)
    index = prepare([brewery, *shippers, *others], LexicalEmbedder(), config)
    suggestions = score_one(index, "brewery", config).suggestions
    assert [s.partner for s in suggestions] == ["shipper-0", "shipper-1"]
    for s in suggestions:
        kinds = [r["kind"] for r in s.reasons]
        assert kinds.count("need_capability") == 2
        assert "shared_goal" not in kinds
