"""The shared rules of what a required text holds (partners.text) and of phone numbers
(partners.phones): pure functions, used by the forms, the API and the import alike."""

import re
import sys
import unicodedata

import pytest

from partners.phones import PhoneInvalid, phone_normalize, phone_region, phone_tel_uri
from partners.text import INVISIBLE, invisible_class, is_blank, strip_invisible

# Prepended concatenation marks: format characters (Cf) that are drawn.
DRAWN_FORMAT = {0x0600, 0x0601, 0x0602, 0x0603, 0x0604, 0x0605, 0x06DD, 0x070F, 0x0890}
DRAWN_FORMAT |= {0x0891, 0x08E2, 0x110BD, 0x110CD}


def test_invisible_is_whitespace_and_format_characters_of_this_python():
    expected = {
        chr(code)
        for code in range(sys.maxunicode + 1)
        if code not in DRAWN_FORMAT
        and (chr(code).isspace() or unicodedata.category(chr(code)) == "Cf")
    } | {"\u3164", "\uffa0"}
    assert set(INVISIBLE) == expected


@pytest.mark.parametrize(
    "text",
    ["", " ", "\u200b", "\u200c\u200d", "\u2060", "\ufeff", "\u3000", "\u200b \u3000\ufeff\n"],
)
def test_a_text_of_invisible_characters_is_blank_and_strips_to_nothing(text):
    assert is_blank(text)
    assert strip_invisible(text) == ""


@pytest.mark.parametrize(
    ("text", "stripped"),
    [
        ("\u200b機能性衣料\u3000", "機能性衣料"),
        ("\ufeffGoal\u2060", "Goal"),
        ("a\u200bb", "a\u200bb"),  # inside a text, it stays
        ("家族👨\u200d👩\u200d👧", "家族👨\u200d👩\u200d👧"),
        # England's flag ends in tag characters: they stay after a visible character.
        ("UK 🏴\U000e0067\U000e0062\U000e0065\U000e006e\U000e0067\U000e007f ", "UK 🏴"
         "\U000e0067\U000e0062\U000e0065\U000e006e\U000e0067\U000e007f"),
    ],
)  # fmt: skip
def test_strip_invisible_trims_the_edges_only(text, stripped):
    assert not is_blank(text)
    assert strip_invisible(text) == stripped


def test_the_schema_character_class_is_the_same_set():
    blank = re.compile(f"^[{invisible_class()}]*$")
    for char in INVISIBLE:
        assert blank.match(char), hex(ord(char))
    for char in ("a", "あ", "\u0600", "\U0001f3f4", "\u200a\u0041"):
        assert not blank.match(char), char


@pytest.mark.parametrize(
    ("typed", "region", "stored"),
    [
        ("+81 3-1234-5678", "JP", "+81 3-1234-5678"),
        ("03-1234-5678", "JP", "+81 3-1234-5678"),
        ("0312345678", "JP", "+81 3-1234-5678"),
        ("090-1234-5678", "JP", "+81 90-1234-5678"),
        ("＋８１ ３ １２３４ ５６７８", "JP", "+81 3-1234-5678"),  # typed with an IME
        ("(212) 555-0100", "US", "+1 212-555-0100"),
        ("+1 212 555 0100", "JP", "+1 212-555-0100"),
        ("", "JP", ""),
    ],
)
def test_phone_numbers_are_stored_in_international_format(typed, region, stored):
    assert phone_normalize(typed, region=region) == stored


@pytest.mark.parametrize(
    ("typed", "region"),
    [("電話してね", "JP"), ("03-0000-0000", "JP"), ("123", "JP"), ("03-1234-5678", "US")],
)
def test_what_is_not_a_valid_phone_number_is_refused(typed, region):
    with pytest.raises(PhoneInvalid):
        phone_normalize(typed, region=region)


@pytest.mark.parametrize(
    ("region", "country"), [("JP-13", "JP"), ("us-ca", "US"), ("", "JP"), ("ZZ", "JP")]
)
def test_national_numbers_are_read_in_the_country_of_the_region(region, country):
    assert phone_region(region) == country


@pytest.mark.parametrize(
    ("stored", "uri"),
    [
        ("+81 3-1234-5678", "tel:+81-3-1234-5678"),
        ("+1 212-555-0100", "tel:+1-212-555-0100"),
        ("03-1234-5678", "tel:+81-3-1234-5678"),  # stored before phones were checked
        ("電話してね", "tel:電話してね"),  # the same: kept, the template escapes it
    ],
)
def test_a_stored_phone_links_as_a_tel_uri(stored, uri):
    assert phone_tel_uri(stored) == uri
