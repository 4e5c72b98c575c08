"""Fixtures of the matching tests: a small cross-industry population, fast embedder."""

import pytest

from matching import embeddings
from matching.services import live, runs
from tests.factories import CompanyFactory

PROFILES = [
    # key, industry, division, language, capabilities, needs, goals, strengths, seeks
    ("fibers", "C", "13", "en",
     ["moisture-wicking polyester fabric", "heat-generating textile fibres"],
     ["a retail chain selling sportswear nationwide"],
     ["make functional clothing an everyday product"],
     ["technology_development", "operations"], ["marketing_sales"]),
    ("retail", "G", "47", "en",
     ["nationwide chain of sportswear retail stores", "customer purchase data"],
     ["a supplier of moisture-wicking functional fabric"],
     ["make functional clothing an everyday product for everyone"],
     ["marketing_sales", "service"], ["technology_development"]),
    ("logistics", "H", "49", "en",
     ["cold-chain refrigerated truck delivery", "warehouse management"],
     ["fresh produce growers who need cold-chain delivery"],
     ["cut food waste across the supply chain"],
     ["outbound_logistics", "inbound_logistics"], ["operations"]),
    ("farm", "A", "01", "en",
     ["organic vegetables grown year round", "fresh produce harvesting"],
     ["refrigerated delivery of fresh produce to cities"],
     ["cut food waste and bring fresh food to cities"],
     ["operations"], ["outbound_logistics", "marketing_sales"]),
    ("software", "J", "62", "en",
     ["machine learning demand forecasting software"],
     ["retail chains with customer purchase data"],
     ["help shops stock exactly what customers want"],
     ["technology_development"], ["marketing_sales"]),
    ("hospital", "Q", "86", "en",
     ["clinical trials with elderly patients"],
     ["demand forecasting software for hospital supplies"],
     ["better care for an ageing society"],
     ["service"], ["technology_development"]),
    ("tsukemono", "C", "10", "ja",
     ["伝統的な漬物の製造技術", "発酵食品の品質管理"],
     ["海外の小売店への販路"],
     ["日本の発酵食品を世界の食卓に届ける"],
     ["operations"], ["marketing_sales"]),
    ("shoten", "G", "46", "ja",
     ["海外小売店への食品輸出の販路"],
     ["発酵食品を製造する地方のメーカー"],
     ["日本の発酵食品を世界の食卓に届ける"],
     ["marketing_sales", "outbound_logistics"], ["operations"]),
]  # fmt: skip


def company_for(key, industry, division, language, caps, needs, goals, strengths, seeks, **extra):
    return CompanyFactory(
        key=key, name=key.title(), industry=industry, industry_division=division,
        language=language, capabilities=caps, needs=needs, goals=goals,
        strengths=strengths, seeks=seeks, **extra,
    )  # fmt: skip


@pytest.fixture(autouse=True)
def lexical_matching(settings):
    """The lexical embedder (no model to load) and empty per-process caches, per test."""
    settings.MATCHING_EMBEDDER = "lexical"
    settings.MATCHING_BLOCK_SIZE = 3
    embeddings._process_embedder.cache_clear()
    runs._prepared.clear()
    live.live_index_reset()
    yield
    embeddings._process_embedder.cache_clear()
    runs._prepared.clear()
    live.live_index_reset()


@pytest.fixture
def population(db):
    """Eight companies in seven ISIC sections, two of them Japanese; by key."""
    return {row[0]: company_for(*row) for row in PROFILES}
