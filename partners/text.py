"""Text normalisation shared by search and import (pure, no Django models)."""

import unicodedata


def normalize_text(text: str) -> str:
    """NFKC (full-width/half-width forms unified), case-folded, whitespace collapsed."""
    return " ".join(unicodedata.normalize("NFKC", text or "").casefold().split())


def search_terms(query: str) -> list[str]:
    """Split a free-text query into normalised terms (spaces, including the ideographic one)."""
    return [term for term in normalize_text(query).split(" ") if term]
