"""Diversity, same-division exclusion, exposure control and list merging."""

from dataclasses import replace

import numpy as np
import pytest

from matching.engine import (
    CompanySuggestions,
    LexicalEmbedder,
    MatchingConfig,
    Profile,
    Suggestion,
    gini,
    merge_entry,
    prepare,
    score_all,
    score_one,
)
from matching.engine.rank import diversify, section_cap

CONFIG = MatchingConfig()


def company(key, industry, division, caps, needs, goals=("grow the regional economy",)):
    return Profile(key, "en", industry, division, ("operations",), ("service",), caps, needs, goals)


def test_no_section_fills_more_than_a_third_of_a_list_when_others_qualify():
    sections = ["C"] * 8 + ["J", "H", "G", "K", "M", "L", "A", "R"]
    scores = [1.0] * 8 + [0.9] * 8
    chosen = diversify(list(range(len(sections))), sections, scores, CONFIG)
    assert len(chosen) == CONFIG.top_k
    assert sum(sections[i] == "C" for i in chosen) == section_cap(CONFIG) == 3
    assert chosen == sorted(chosen)


def test_one_section_fills_the_list_when_nothing_else_qualifies():
    sections = ["C"] * 12 + ["J"]
    chosen = diversify(list(range(len(sections))), sections, [1.0] * 13, CONFIG)
    assert len(chosen) == CONFIG.top_k
    assert sum(sections[i] == "C" for i in chosen) == 9


def test_a_much_weaker_candidate_does_not_qualify_to_displace_a_strong_one():
    sections = ["C"] * 5 + ["J"] * 2 + ["H"] * 3
    scores = [0.9] * 5 + [0.8] * 2 + [0.3] * 3
    config = replace(CONFIG, top_k=5, max_section_share=0.4)  # at most 2 of one section
    chosen = diversify(list(range(10)), sections, scores, config)
    # J at 0.8 qualifies against C at 0.9; H at 0.3 does not, so C takes the last place
    assert [sections[i] for i in chosen] == ["C", "C", "C", "J", "J"]
    strict = replace(config, diversity_score_ratio=0.0)
    strict_chosen = diversify(list(range(10)), sections, scores, strict)
    assert [sections[i] for i in strict_chosen] == ["C", "C", "J", "J", "H"]


def test_the_owners_own_section_gives_way_to_any_other_section():
    # A maker (C) whose best candidates are makers: the page hides its own section,
    # so its list takes three of them, then the much weaker others, then makers again.
    sections = ["C"] * 8 + ["J", "H"]
    scores = [0.9] * 8 + [0.2, 0.1]
    chosen = diversify(list(range(10)), sections, scores, CONFIG, own_section="C")
    assert [sections[i] for i in chosen] == ["C"] * 8 + ["J", "H"]  # room for all
    small = replace(CONFIG, top_k=5)
    chosen = diversify(list(range(10)), sections, scores, small, own_section="C")
    assert [sections[i] for i in chosen] == ["C", "C", "C", "J", "H"]
    # Without an owner's section, the weak others do not qualify: makers fill the list.
    plain = diversify(list(range(10)), sections, scores, small)
    assert [sections[i] for i in plain] == ["C"] * 5


def test_merging_keeps_the_owners_peers_behind_every_other_section():
    current = CompanySuggestions(
        "maker",
        [Suggestion(f"peer-{i}", i + 1, 0.9 - i / 100, "C", {}) for i in range(3)],
        section="C",
    )
    small = replace(CONFIG, top_k=4)
    merged = merge_entry(current, Suggestion("peer-x", 0, 0.95, "C", {}), small)
    assert merged.partners == ["peer-x", "peer-0", "peer-1", "peer-2"]  # nothing else left
    shop = merge_entry(merged, Suggestion("shop", 0, 0.2, "G", {}), small)
    assert sorted(shop.partners) == ["peer-0", "peer-1", "peer-x", "shop"]
    assert shop.section == "C"


def test_surplus_peers_are_proposed_last_in_the_exposure_allocation():
    from matching.engine.exposure import surplus_peers

    viewer_sections = np.array([2] * 5 + [7] * 2)
    cand_sections = np.array([2, 2, 2, 2, 9, 7, 1])
    viewers = np.array([0] * 5 + [1] * 2)
    scores = np.array([0.9, 0.8, 0.95, 0.7, 0.1, 0.5, 0.4])
    late = surplus_peers(viewer_sections, cand_sections, viewers, scores, CONFIG)
    assert late.tolist() == [False, False, False, True, False, False, False]


SENSOR_NEED = ("soil moisture sensors for rice paddies",)


def sensor_makers(section, count):
    return [
        company(
            f"{section.lower()}-maker-{i}",
            section,
            f"{20 + i}",
            (f"soil moisture sensors for rice paddies model {i}",),
            ("rice farmers to test our devices",),
        )
        for i in range(count)
    ]


def test_a_list_spans_several_industries_end_to_end():
    farmer = company("farmer", "A", "01", ("rice farmers to test our devices",), SENSOR_NEED)
    population = [farmer] + sensor_makers("C", 8) + sensor_makers("J", 4) + sensor_makers("M", 4)
    config = replace(CONFIG, top_k=6)
    own = score_one(prepare(population, LexicalEmbedder(), config), "farmer", config)
    sections = [s.partner_section for s in own.suggestions]
    assert len(sections) == 6
    assert max(sections.count(x) for x in set(sections)) <= 2


def test_the_same_division_is_left_out_unless_asked_for():
    viewer = company("viewer", "C", "10", ("frozen dumpling production",), ("cold storage",))
    peer = company("peer", "C", "10", ("cold storage warehouses",), ("frozen dumpling production",))
    other = company(
        "other", "H", "52", ("cold storage warehouses",), ("frozen dumpling production",)
    )
    population = [viewer, peer, other]
    default = score_one(prepare(population, LexicalEmbedder(), CONFIG), "viewer", CONFIG)
    assert "peer" not in default.partners
    assert "other" in default.partners
    opted = replace(CONFIG, include_same_division=True)
    asked = score_one(prepare(population, LexicalEmbedder(), opted), "viewer", opted)
    assert "peer" in asked.partners
    assert asked.partners.index("other") < asked.partners.index("peer")


TOPICS = [
    "sake brewing",
    "drone surveying",
    "hotel booking",
    "steel forging",
    "wind power",
    "fish farming",
    "cloud payroll",
    "bicycle parts",
    "tea roasting",
    "wedding planning",
    "solar panels",
    "dental implants",
    "forest timber",
    "car sharing",
    "piano lessons",
    "paper packaging",
    "rice cultivation",
    "robot welding",
    "museum design",
    "pet grooming",
    "ice cream making",
    "bus operations",
    "textile dyeing",
    "game development",
]


def niche_population():
    return [
        company(
            f"n{i:02d}",
            "CJHGKMLIARPQ"[i % 12],
            f"{10 + i}",
            (f"{topic} expertise",),
            (f"partner for {TOPICS[(i + 1) % len(TOPICS)]} expertise",),
        )
        for i, topic in enumerate(TOPICS)
    ]


def test_a_generalist_is_measured_as_broad_and_answers_needs_less():
    generalist = company(
        "generalist",
        "N",
        "82",
        tuple(f"{t} expertise" for t in TOPICS),
        tuple(f"partner for {t} expertise" for t in TOPICS),
        ("make every industry thrive together",),
    )
    population = niche_population() + [generalist]
    index = prepare(population, LexicalEmbedder(), CONFIG)
    row = index.row_of["generalist"]
    assert index.breadth.capabilities[row] == index.breadth.capabilities.max() > 0
    plain = replace(CONFIG, breadth_correction=0.0)
    corrected = score_all(index, CONFIG)
    uncorrected = score_all(prepare(population, LexicalEmbedder(), plain), plain)
    count = lambda lists: sum("generalist" in c.partners for c in lists)  # noqa: E731
    assert count(corrected) < count(uncorrected)


def test_gini_is_zero_for_even_exposure_and_high_for_one_star():
    assert gini([3, 3, 3, 3]) == 0.0
    assert gini([0, 0, 0, 12]) == pytest.approx(0.75)
    assert gini([]) == 0.0


def suggestion(partner, score, section="C"):
    return Suggestion(partner, 0, score, section, {}, [])


def test_merging_a_rescored_partner_reranks_the_list():
    current = CompanySuggestions(
        "me",
        [
            replace(suggestion(p, s), rank=r)
            for r, (p, s) in enumerate([("a", 0.9), ("b", 0.5), ("c", 0.4)], 1)
        ],
    )
    merged = merge_entry(current, suggestion("c", 0.95, "J"), CONFIG)
    assert merged.partners == ["c", "a", "b"]
    assert [s.rank for s in merged.suggestions] == [1, 2, 3]


def test_a_partner_below_the_minimum_leaves_the_list():
    current = CompanySuggestions("me", [suggestion("a", 0.9), suggestion("b", 0.5)])
    merged = merge_entry(current, suggestion("b", 0.0), CONFIG)
    assert merged.partners == ["a"]


def test_a_new_partner_enters_a_full_list_only_if_it_beats_the_last():
    config = replace(CONFIG, top_k=2, max_section_share=1.0)
    current = CompanySuggestions("me", [suggestion("a", 0.9), suggestion("b", 0.5)])
    assert merge_entry(current, suggestion("x", 0.4), config).partners == ["a", "b"]
    assert merge_entry(current, suggestion("x", 0.6), config).partners == ["a", "x"]
    assert np.isclose(merge_entry(current, suggestion("x", 0.6), config).suggestions[1].score, 0.6)


STAR_TOPICS = [
    ("refrigerated truck delivery", "L"), ("machine learning forecasting software", "J"),
    ("organic vegetable farming", "A"), ("industrial robot maintenance", "C"),
    ("corporate staff training courses", "P"), ("solar power installation", "D"),
    ("export customs brokerage", "N"), ("hotel booking platform", "I"),
]  # fmt: skip
STAR_GOALS = ["cut food waste", "decarbonise industry", "revive rural towns", "healthier ageing"]


def star_population():
    """Four providers per topic, 200 viewers each needing one topic, and a star
    that offers every topic (a little better worded than anyone)."""
    star_caps = tuple(topic for topic, _ in STAR_TOPICS)
    people = [company("a-star", "M", "70", star_caps, ("retail shops",), (STAR_GOALS[0],))]
    for t, (topic, section) in enumerate(STAR_TOPICS):
        for p in range(4):
            people.append(
                company(f"provider-{t}-{p}", section, f"{10 + t * 4 + p:02d}",
                        (f"{topic} for region {p}",), ("retail shops",), (STAR_GOALS[p % 4],))
            )  # fmt: skip
    for i in range(200):
        topic, _ = STAR_TOPICS[i % len(STAR_TOPICS)]
        people.append(
            company(f"viewer-{i:03d}", "G", f"{45 + i % 3:02d}", ("retail shops",),
                    (f"a partner for {topic}",), (STAR_GOALS[i % 4],))
        )  # fmt: skip
    return people


def appearances(lists, key):
    return sum(s.partner == key for items in lists for s in items.suggestions)


def test_a_star_gives_way_where_it_is_a_marginal_fit():
    embedder = LexicalEmbedder()
    without = MatchingConfig(exposure_iterations=0)
    plain = score_all(prepare(star_population(), embedder, without), without)
    index = prepare(star_population(), embedder, CONFIG)
    limited = score_all(index, CONFIG)

    assert index.exposure is not None and index.exposure[index.row_of["a-star"]] > 0
    assert appearances(limited, "a-star") < appearances(plain, "a-star")
    counts = lambda lists: [appearances(lists, k) for k in index.keys]  # noqa: E731
    assert gini(counts(limited)) < gini(counts(plain))
    # Where it stays, its pair score clears its cutoff; where it left, it did not.
    cutoff = index.exposure[index.row_of["a-star"]]
    for items in limited:
        for s in items.suggestions:
            if s.partner == "a-star":
                assert s.score > cutoff


def test_exposure_control_changes_which_partners_are_listed_never_the_score():
    embedder = LexicalEmbedder()
    without = MatchingConfig(exposure_iterations=0)
    plain = {
        s.partner: s.score
        for s in score_one(
            prepare(star_population(), embedder, without), "viewer-000", without
        ).suggestions
    }
    limited = score_one(prepare(star_population(), embedder, CONFIG), "viewer-000", CONFIG)
    for s in limited.suggestions:
        if s.partner in plain:
            assert s.score == pytest.approx(plain[s.partner], abs=1e-6)
    assert all("exposure_cutoff" in s.components for s in limited.suggestions)
    scores = [s.score for s in limited.suggestions]
    assert scores == sorted(scores, reverse=True)  # ordered by the pair score itself


def test_small_populations_get_no_exposure_cutoff():
    index = prepare(star_population()[:50], LexicalEmbedder(), CONFIG)
    assert index.exposure is None


def test_merging_keeps_a_partner_only_above_its_cutoff():
    current = CompanySuggestions(
        "viewer",
        [
            Suggestion("calm", 1, 0.50, "J", {"exposure_cutoff": 0.0}),
            Suggestion("quiet", 2, 0.45, "H", {"exposure_cutoff": 0.0}),
        ],
    )
    star = Suggestion("star", 0, 0.55, "M", {"exposure_cutoff": 0.6})
    assert merge_entry(current, star, CONFIG).partners == ["calm", "quiet"]
    at_cutoff = Suggestion("star", 0, 0.55, "M", {"exposure_cutoff": 0.55})
    assert merge_entry(current, at_cutoff, CONFIG).partners == ["calm", "quiet"]
    welcome = Suggestion("star", 0, 0.55, "M", {"exposure_cutoff": 0.549999})
    merged = merge_entry(current, welcome, CONFIG)
    assert merged.partners == ["star", "calm", "quiet"]  # by score: it leads
    assert merged.suggestions[0].score == 0.55 and merged.suggestions[0].rank == 1


def test_a_company_near_everyone_is_measured_as_a_hub():
    index = prepare(star_population(), LexicalEmbedder(), CONFIG)
    assert index.hub is not None and len(index.hub) == len(index)
    assert index.hub[index.row_of["a-star"]] > np.median(index.hub)
    off = MatchingConfig(candidate_hubness=0.0)
    assert prepare(star_population(), LexicalEmbedder(), off).hub is None


def test_exposure_cutoffs_are_shared_by_company_key():
    from matching.engine.exposure import cutoffs_by_key, cutoffs_set

    index = prepare(star_population(), LexicalEmbedder(), CONFIG)
    shared = cutoffs_by_key(index)
    assert shared and all(cutoff > 0 for cutoff in shared.values())

    again = prepare(star_population(), LexicalEmbedder(), replace(CONFIG, exposure_iterations=0))
    assert again.exposure is None
    cutoffs_set(again, {**shared, "unknown-company": 0.1})
    assert cutoffs_by_key(again) == shared
    cutoffs_set(again, {})
    assert again.exposure is None
