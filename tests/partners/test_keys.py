"""Company keys made from names: readable for Japanese and English names, valid for the
exchange format, unique, and never a reserved word."""

import re

import pytest

from partners.keys import RESERVED_KEYS, base_key, fallback_key, free_key, readable_key
from partners.models import KEY_PATTERN, CompanyKeyHistory
from partners.services.companies import company_key_for_name
from tests.factories import CompanyFactory


@pytest.mark.parametrize(
    ("name", "key"),
    [
        ("株式会社ヤマト精密", "yamato-seimitsu"),
        ("ヤマト精密株式会社", "yamato-seimitsu"),
        ("ヤマト精密（株）", "yamato-seimitsu"),
        ("㈱ヤマト精密", "yamato-seimitsu"),
        ("有限会社 山田製作所", "yamada-seisakusho"),
        ("合同会社さくらラボ", "sakura-rabo"),
        ("医療法人社団さくら会", "sakura-kai"),
        ("共創精密工業株式会社", "kyousou-seimitsu-kougyou"),
        ("ＡＢＣ商事株式会社", "abc-shouji"),
        ("中村鉄工所", "nakamura-tekkousho"),
    ],
)
def test_a_japanese_name_is_romanised_without_its_legal_form(name, key):
    assert base_key(name) == key


@pytest.mark.parametrize(
    ("name", "key"),
    [
        ("Yamato Seimitsu Co., Ltd.", "yamato-seimitsu"),
        ("Northbridge Robotics Inc.", "northbridge-robotics"),
        ("Toyota Motor Corporation", "toyota-motor"),
        ("Café Müller GmbH", "cafe-muller"),
        ("Lumen Foods Pte. Ltd.", "lumen-foods"),
        ("Smith & Co.", "smith"),
        ("SA Brewing", "sa-brewing"),  # a Latin legal form is read at the end only
        ("Kyoso 共創 Lab", "kyoso-kyousou-lab"),
    ],
)
def test_a_latin_name_keeps_its_words_without_its_legal_form(name, key):
    assert base_key(name) == key


@pytest.mark.parametrize("name", ["김치 주식회사", "株式会社", "Inc.", "X", "!!!", "ー"])
def test_a_name_with_nothing_readable_gets_a_short_stable_id(name):
    assert readable_key(name) == ""
    key = base_key(name)
    assert re.fullmatch(r"company-[0-9a-f]{6}", key)
    assert base_key(name) == key == fallback_key(name)


def test_different_unreadable_names_get_different_ids():
    assert fallback_key("김치") != fallback_key("불고기")


@pytest.mark.parametrize(
    "name",
    [
        "株式会社ヤマト精密",
        "とても長い名前の会社" * 8,
        "A" * 200,
        "-- Hyphens --",
        "x-",
        "Ünïcödé ÀÉÎ",
        "日本" * 100,
    ],
)
def test_a_generated_key_always_satisfies_the_exchange_format(name):
    key = base_key(name)
    assert re.fullmatch(KEY_PATTERN, key)
    assert len(key) <= 56  # room for a suffix within 64
    assert not key.endswith("-") and "--" not in key
    assert re.fullmatch(KEY_PATTERN, free_key(key, {key, *(f"{key}-{n}" for n in range(2, 999))}))


def test_a_taken_key_gets_the_first_free_suffix():
    assert free_key("yamato-seimitsu", set()) == "yamato-seimitsu"
    assert free_key("yamato-seimitsu", {"yamato-seimitsu"}) == "yamato-seimitsu-2"
    assert free_key("a-b", {"a-b", "a-b-2", "a-b-3"}) == "a-b-4"


@pytest.mark.parametrize("word", sorted(RESERVED_KEYS))
def test_a_reserved_word_is_never_a_generated_key(word):
    assert free_key(word, set()) == f"{word}-2"


@pytest.mark.django_db
def test_a_new_company_with_a_taken_name_gets_a_suffix():
    CompanyFactory(key="yamato-seimitsu")
    CompanyFactory(key="yamato-seimitsu-2")

    assert company_key_for_name("ヤマト精密株式会社") == "yamato-seimitsu-3"


@pytest.mark.django_db
def test_a_former_key_of_another_company_is_not_given_to_a_new_one():
    """Its old links lead to the company that had it."""
    CompanyKeyHistory.objects.create(company=CompanyFactory(key="yamato"), key="yamato-seimitsu")

    assert company_key_for_name("株式会社ヤマト精密") == "yamato-seimitsu-2"


@pytest.mark.django_db
def test_a_key_starting_like_a_taken_one_is_free():
    CompanyFactory(key="yamato-seimitsu-kogyo")

    assert company_key_for_name("株式会社ヤマト精密") == "yamato-seimitsu"
