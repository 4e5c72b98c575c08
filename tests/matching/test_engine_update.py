"""Changing one company in a prepared index (the path of a saved profile)."""

from dataclasses import replace

import pytest

from matching.engine import (
    CachingEmbedder,
    LexicalEmbedder,
    MatchingConfig,
    Profile,
    prepare,
    remove_profile,
    replace_profile,
    rescore,
    score_all,
    score_one,
)

CONFIG = replace(MatchingConfig(), top_k=4)
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
    "paper packaging",
    "robot welding",
    "museum design",
    "pet grooming",
    "bus operations",
    "textile dyeing",
    "game development",
    "rice cultivation",
    "ice cream making",
    "forest timber",
]


def firm(i: int, topic: str, partner: str) -> Profile:
    return Profile(
        key=f"k{i:02d}",
        language="en",
        industry="ACFGHIJKLMNPQRS"[i % 15],
        division=None,
        strengths=("operations",),
        seeks=("service",),
        capabilities=(f"{topic} know-how",),
        needs=(f"{partner} know-how",),
        goals=(f"bring {topic} and {partner} together",),
    )


def population() -> list[Profile]:
    return [firm(i, t, TOPICS[i ^ 1]) for i, t in enumerate(TOPICS)]


@pytest.fixture()
def embedder():
    return CachingEmbedder(LexicalEmbedder())


def lists_of(index):
    return [
        (c.company, [(s.partner, s.score) for s in c.suggestions]) for c in score_all(index, CONFIG)
    ]


def test_replacing_a_profile_with_itself_changes_nothing(embedder):
    index = prepare(population(), embedder, CONFIG)
    again = replace_profile(index, population()[5], embedder, CONFIG)
    assert lists_of(again) == lists_of(index)


def test_an_edited_profile_changes_who_is_suggested(embedder):
    index = prepare(population(), embedder, CONFIG)
    assert score_one(index, "k00", CONFIG).partners[0] == "k01"
    edited = replace(
        population()[0],
        needs=("hotel booking know-how",),
        goals=("bring sake brewing and hotel booking together",),
    )
    updated = replace_profile(index, edited, embedder, CONFIG)
    assert score_one(updated, "k00", CONFIG).partners[0] == "k02"


def test_a_rescored_company_enters_the_lists_of_those_it_now_suits(embedder):
    index = prepare(population(), embedder, CONFIG)
    edited = replace(
        population()[0], capabilities=("hotel booking know-how", "sake brewing know-how")
    )
    updated = replace_profile(index, edited, embedder, CONFIG)
    result = rescore(updated, "k00", CONFIG)
    # k03 needs hotel booking know-how: k00 now offers it
    assert (
        result.entries["k03"].score
        > rescore(index, "k00", CONFIG)
        .entries.get("k03", replace(result.entries["k03"], score=0.0))
        .score
    )


def test_a_new_company_is_inserted_in_key_order_and_can_be_removed(embedder):
    index = prepare(population(), embedder, CONFIG)
    newcomer = replace(population()[1], key="k00a")
    bigger = replace_profile(index, newcomer, embedder, CONFIG)
    assert bigger.keys == sorted(bigger.keys)
    assert len(bigger) == len(index) + 1
    assert "k00a" in score_one(bigger, "k00", CONFIG).partners
    smaller = remove_profile(bigger, "k00a")
    assert lists_of(smaller) == lists_of(index)


def test_only_new_phrases_are_embedded_on_update(embedder):
    index = prepare(population(), embedder, CONFIG)
    before = embedder.embedded
    edited = replace(population()[0], capabilities=("sake brewing know-how", "a brand new phrase"))
    replace_profile(index, edited, embedder, CONFIG)
    assert embedder.embedded == before + 1
