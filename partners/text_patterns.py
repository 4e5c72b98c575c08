"""How a typed name is read (``normalise``), and the regular expressions (for the OpenAPI
schema) of the names a typed filter understands.

The filters read a name after NFKC normalisation and case folding; the schema lists
the same names as an ECMA regular expression in which each ASCII character also
matches its other case and its full-width form, and a space the ideographic space.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable


def tidy(text: str) -> str:
    """NFKC (full- and half-width alike), no surrounding space, single spaces inside."""
    value = unicodedata.normalize("NFKC", text or "").strip()
    return re.sub(r"\s+", " ", value)


def normalise(text: str) -> str:
    """What two spellings of one name share: ``tidy`` and case folded."""
    return tidy(text).casefold()


_IN_CLASS_ESCAPED = set("\\]^-[")


def _class_member(char: str) -> str:
    return "\\" + char if char in _IN_CLASS_ESCAPED else char


def _loose_char(char: str) -> str:
    if char == " ":
        return "[ \u3000]"
    if "!" <= char <= "~":  # printable ASCII, with its full-width form (U+FF01-U+FF5E)
        forms = {char, chr(ord(char) + 0xFEE0)}
        if char.isalpha():
            forms |= {char.upper(), char.lower(), chr(ord(char.upper()) + 0xFEE0)}
            forms |= {chr(ord(char.lower()) + 0xFEE0)}
        return "[" + "".join(_class_member(c) for c in sorted(forms)) + "]"
    return char  # not ASCII: never special in a regular expression


def loose_alternatives(keys: Iterable[str]) -> str:
    """An alternation of the normalised ``keys``, the longest first (no group around it)."""
    unique = sorted(set(keys), key=lambda key: (-len(key), key))
    return "|".join("".join(_loose_char(char) for char in key) for key in unique)
