"""Text normalisation shared by search and import, and the rule of what a required text
must hold, shared by forms, the API and the import (pure, no Django models)."""

import unicodedata

from django.utils.translation import gettext_lazy


def normalize_text(text: str) -> str:
    """NFKC (full-width/half-width forms unified), case-folded, whitespace collapsed."""
    return " ".join(unicodedata.normalize("NFKC", text or "").casefold().split())


def search_terms(query: str) -> list[str]:
    """Split a free-text query into normalised terms (spaces, including the ideographic one)."""
    return [term for term in normalize_text(query).split(" ") if term]


# --- Invisible characters ---------------------------------------------------------------
#
# A required text must hold something a reader sees. Invisible here: whitespace (what
# str.isspace() says, U+3000 ideographic space included), Unicode format characters
# (category Cf: zero-width space U+200B, ZWNJ/ZWJ, word joiner U+2060, BOM U+FEFF, bidi
# marks, tags …) but not the prepended concatenation marks, which Cf counts and which
# are drawn (Arabic number signs U+0600–U+0605 and the like); and the Hangul fillers
# U+3164 and U+FFA0 (letters that are drawn as nothing). The ranges are written out so
# that the rule, and the OpenAPI pattern made of it, do not move with Python's Unicode
# version; tests/partners/test_text.py compares them with unicodedata.
INVISIBLE_RANGES: tuple[tuple[int, int], ...] = (
    (0x0009, 0x000D),
    (0x001C, 0x0020),
    (0x0085, 0x0085),
    (0x00A0, 0x00A0),
    (0x00AD, 0x00AD),
    (0x061C, 0x061C),
    (0x1680, 0x1680),
    (0x180E, 0x180E),
    (0x2000, 0x200F),
    (0x2028, 0x202F),
    (0x205F, 0x2064),
    (0x2066, 0x206F),
    (0x3000, 0x3000),
    (0x3164, 0x3164),
    (0xFEFF, 0xFEFF),
    (0xFFA0, 0xFFA0),
    (0xFFF9, 0xFFFB),
    (0x13430, 0x13438),
    (0x1BCA0, 0x1BCA3),
    (0x1D173, 0x1D17A),
    (0xE0001, 0xE0001),
    (0xE0020, 0xE007F),
)
# Tag characters: after a visible character they spell an emoji's subdivision flag
# (England's flag is U+1F3F4 followed by tags), so they are kept at the end of a text.
TAGS = (0xE0020, 0xE007F)

INVISIBLE = frozenset(
    chr(code) for first, last in INVISIBLE_RANGES for code in range(first, last + 1)
)


def _is_tag(char: str) -> bool:
    return TAGS[0] <= ord(char) <= TAGS[1]


def strip_invisible(text: str) -> str:
    """``text`` without the invisible characters (``INVISIBLE``) at its start and end;
    empty when it holds nothing else. A tag sequence right after visible text stays."""
    text = text or ""
    start, end = 0, len(text)
    while start < end and text[start] in INVISIBLE:
        start += 1
    while end > start and text[end - 1] in INVISIBLE:
        end -= 1
    if start < end:
        keep = end
        while keep < len(text) and _is_tag(text[keep]):
            keep += 1
        end = keep
    return text[start:end]


def is_blank(text: str) -> bool:
    """Whether ``text`` holds nothing visible (only ``INVISIBLE`` characters, or none)."""
    return all(char in INVISIBLE for char in text or "")


def invisible_class() -> str:
    """``INVISIBLE`` as the inside of a character class of a JSON Schema (ECMA-262) pattern:
    escapes for the Basic Multilingual Plane, the characters themselves above it (which
    Python's, Rust's and Unicode-aware ECMA engines read as one character each)."""

    def one(code: int) -> str:
        return f"\\u{code:04X}" if code <= 0xFFFF else chr(code)

    return "".join(
        one(first) if first == last else f"{one(first)}-{one(last)}"
        for first, last in INVISIBLE_RANGES
    )


# The API's and the import's words for a required text with nothing visible in it (they
# name the field by its path); forms say it with the field's label.
BLANK_TEXT_MESSAGE = gettext_lazy(
    "must contain visible text: spaces and invisible characters such as zero-width "
    "spaces do not count"
)
