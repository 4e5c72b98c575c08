"""Text normalisation and character n-grams that work for Japanese and English.

Japanese has no spaces, so nothing here splits on whitespace: features are
character n-grams of NFKC-normalised, case-folded text.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence

_SPACE = re.compile(r"\s+")


def normalise_phrase(text: str) -> str:
    """Return ``text`` NFKC-normalised with runs of whitespace collapsed and trimmed.

    Case is kept (the multilingual model is cased); this is the form phrases are
    deduplicated, embedded and cached under.
    """
    return _SPACE.sub(" ", unicodedata.normalize("NFKC", text)).strip()


def fold(text: str) -> str:
    """Return ``text`` normalised and case-folded, for lexical features."""
    return normalise_phrase(text).casefold()


def char_ngrams(text: str, sizes: Sequence[int] = (2, 3)) -> list[str]:
    """Character n-grams of the folded text, padded with a space at both ends.

    A text shorter than an n-gram size still yields itself once, so very short
    phrases ("AI", "物流") are never featureless.
    """
    padded = f" {fold(text)} "
    grams: list[str] = []
    for n in sizes:
        if len(padded) < n:
            grams.append(padded)
            continue
        grams.extend(padded[i : i + n] for i in range(len(padded) - n + 1))
    return grams


def distinct_phrases(lists: Iterable[Sequence[str]]) -> list[str]:
    """Distinct normalised phrases over ``lists``, in order of first appearance."""
    seen: dict[str, None] = {}
    for phrases in lists:
        for phrase in phrases:
            norm = normalise_phrase(phrase)
            if norm:
                seen.setdefault(norm, None)
    return list(seen)
