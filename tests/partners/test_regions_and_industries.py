"""Reading a typed region or industry: one resolver each, used by every form and filter,
and the schema's pattern of the API filters, which must accept exactly what they read."""

import re

import pytest
from django.utils import translation

from alliance.api.schema import SPACES
from partners.reference import (
    ISIC_SECTIONS,
    SECTION_NAME_INDEX,
    industry_code_from_text,
    industry_schema_pattern,
    industry_suggestions,
)
from partners.regions import (
    PREFECTURES,
    REGION_NAME_INDEX,
    region_code_from_text,
    region_label,
    region_schema_pattern,
    region_suggestions,
)

# --- Regions ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        # Japanese, full and short
        ("東京都", "JP-13"),
        ("東京", "JP-13"),
        ("大阪府", "JP-27"),
        ("大阪", "JP-27"),
        ("北海道", "JP-01"),
        ("京都府", "JP-26"),
        ("京都", "JP-26"),
        ("鹿児島県", "JP-46"),
        ("日本", "JP"),
        ("ドイツ", "DE"),
        ("米国", "US"),
        # English, any case and width
        ("Tokyo", "JP-13"),
        ("TOKYO", "JP-13"),
        ("Ｔｏｋｙｏ", "JP-13"),
        ("Osaka", "JP-27"),
        ("Osaka Prefecture", "JP-27"),
        ("osaka  prefecture", "JP-27"),
        ("Osaka-fu", "JP-27"),
        ("Aomori-ken", "JP-02"),
        ("Japan", "JP"),
        ("Germany", "DE"),
        ("United Kingdom", "GB"),
        ("UK", "GB"),
        # Addresses starting with a prefecture
        ("東京都大田区", "JP-13"),
        ("東京都大田区蒲田5-13-14", "JP-13"),
        ("〒144-0052 東京都大田区蒲田", "JP-13"),
        ("１４４−００５２　東京都大田区", "JP-13"),
        ("〒１４４ー００５２東京都大田区", "JP-13"),
        ("京都府京都市中京区", "JP-26"),
        ("北海道札幌市", "JP-01"),
        # Codes, as before
        ("JP-13", "JP-13"),
        (" jp-13 ", "JP-13"),
        ("ＪＰ－１３", "JP-13"),
        ("us-ca", "US-CA"),
        ("FR", "FR"),
        # Nothing
        ("", ""),
        ("   ", ""),
    ],
)
def test_a_region_is_read_from_a_name_an_address_or_a_code(typed, code):
    assert region_code_from_text(typed) == code


@pytest.mark.parametrize(
    "typed",
    [
        "Atlantis",
        "大阪市北区",
        "東京タワー",
        "JPN",
        "JP-1234",
        "J",
        "J P",
        "ß",
        "ßa",
        "ıp",
        "とうきょう",
    ],
)
def test_a_region_it_cannot_read_is_none(typed):
    assert region_code_from_text(typed) is None


def test_every_prefecture_has_its_japanese_name_in_the_data():
    assert len(PREFECTURES) == 47
    assert PREFECTURES["JP-27"].japanese == "大阪府"
    assert all(p.japanese[-1] in "都道府県" for p in PREFECTURES.values())
    # Read back by the resolver, with and without 都/府/県.
    for code, prefecture in PREFECTURES.items():
        assert region_code_from_text(prefecture.japanese) == code
        short = prefecture.japanese[:-1] if prefecture.japanese[-1] in "都府県" else None
        assert region_code_from_text(short or prefecture.japanese) == code
        assert region_code_from_text(prefecture.english) == code


def test_regions_are_named_in_the_page_language():
    with translation.override("ja"):
        assert region_label("JP-13") == "東京都 (JP-13)"
        assert ("大阪府", "JP-27") in region_suggestions()
    with translation.override("en"):
        assert region_label("JP-13") == "Tokyo (JP-13)"
        assert ("Germany", "DE") in region_suggestions()
    assert region_label("US-CA") == "US-CA"
    assert region_label("") == ""


# --- Industries ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("製造業", "C"),
        ("製造", "C"),
        ("Manufacturing", "C"),
        ("manufacturing", "C"),
        ("ＭＡＮＵＦＡＣＴＵＲＩＮＧ", "C"),
        ("卸売業，小売業", "G"),
        ("卸売業,小売業", "G"),
        ("小売業", "G"),
        ("Retail", "G"),
        ("情報通信業", "J"),
        ("IT", "J"),
        ("医療，福祉", "Q"),
        ("建設業", "F"),
        ("c", "C"),
        (" C ", "C"),
        ("Ｃ", "C"),
        ("T", "T"),  # not offered to members, still a code
        ("家事サービス業", "T"),
        ("", ""),
    ],
)
def test_an_industry_is_read_from_a_name_or_a_letter(typed, code):
    assert industry_code_from_text(typed) == code


@pytest.mark.parametrize("typed", ["Z", "V", "宇宙開発", "manufacturer of dreams", "CC"])
def test_an_industry_it_cannot_read_is_none(typed):
    assert industry_code_from_text(typed) is None


def test_sections_are_named_jsic_style_in_japanese_and_isic_in_english():
    with translation.override("ja"):
        assert str(ISIC_SECTIONS["C"]) == "製造業"
        assert str(ISIC_SECTIONS["G"]) == "卸売業，小売業"
        names = [name for name, _code in industry_suggestions()]
        assert "製造業" in names and "医療，福祉" in names
    with translation.override("en"):
        assert str(ISIC_SECTIONS["C"]) == "Manufacturing"
        assert str(ISIC_SECTIONS["T"]) == "Activities of households as employers"
    codes = [code for _name, code in industry_suggestions()]
    assert "T" not in codes and "U" not in codes and len(codes) == 19


# --- The API filters' schema --------------------------------------------------------------------


def schema_regex(pattern: str) -> re.Pattern:
    # As partners.api.filters writes it, read by Python (no ECMA-only syntax is used).
    return re.compile(rf"^[{SPACES}]*({pattern})?[{SPACES}]*$")


@pytest.mark.parametrize(
    "typed",
    ["大阪", "大阪府", "Osaka", "OSAKA PREFECTURE", "ｏｓａｋａ", "東京都大田区",
     "〒144-0052 東京都大田区", "１４４ー００５２　東京都大田区", " jp-13 ", "US-CA",
     "Germany", "ドイツ", ""],
)  # fmt: skip
def test_the_region_schema_allows_names_and_addresses(typed):
    assert schema_regex(region_schema_pattern()).match(typed)


@pytest.mark.parametrize("typed", ["Atlantis", "大阪市", "JP-1234", "J P"])
def test_the_region_schema_refuses_what_the_filter_refuses(typed):
    assert not schema_regex(region_schema_pattern()).match(typed)
    assert region_code_from_text(typed) is None


def test_every_name_the_schema_allows_is_read():
    regions = schema_regex(region_schema_pattern())
    for name, code in REGION_NAME_INDEX.items():
        for form in (name, name.upper(), name.title()):
            assert regions.match(form), form
            assert region_code_from_text(form) == code, form
    industries = schema_regex(industry_schema_pattern())
    for name, code in SECTION_NAME_INDEX.items():
        for form in (name, name.upper()):
            assert industries.match(form), form
            assert industry_code_from_text(form) == code, form


@pytest.mark.parametrize("typed", ["製造業", "manufacturing", "c", " G ", "卸売業，小売業", ""])
def test_the_industry_schema_allows_names_and_letters(typed):
    assert schema_regex(industry_schema_pattern()).match(typed)


@pytest.mark.parametrize("typed", ["Z", "宇宙開発", "CC"])
def test_the_industry_schema_refuses_what_the_filter_refuses(typed):
    assert not schema_regex(industry_schema_pattern()).match(typed)
