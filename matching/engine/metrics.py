"""Measures of a full run: exposure evenness and the export rows."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence

import numpy as np

from .explain import render_reasons
from .records import CompanySuggestions


def gini(values: Sequence[float]) -> float:
    """Gini coefficient of non-negative values (0 = perfectly even, →1 = one takes all)."""
    x = np.sort(np.asarray(values, dtype=np.float64))
    if len(x) == 0 or x.sum() == 0:
        return 0.0
    n = len(x)
    return float((2 * np.arange(1, n + 1) - n - 1) @ x / (n * x.sum()))


def exposure_counts(lists: Iterable[CompanySuggestions], keys: Iterable[str]) -> dict[str, int]:
    """How many lists each company appears in (0 for those never suggested)."""
    counts: Counter[str] = Counter(dict.fromkeys(keys, 0))
    for company in lists:
        counts.update(company.partners)
    return dict(counts)


def export_rows(lists: Iterable[CompanySuggestions], top: int | None = None) -> list[dict]:
    """Rows of the ``alliance-suggestions/1`` ``suggestions`` array, reasons in English."""
    rows = []
    for company in lists:
        for s in company.suggestions[:top]:
            rows.append(
                {
                    "company": company.company,
                    "partner": s.partner,
                    "rank": s.rank,
                    "score": round(s.score, 4),
                    "components": {
                        k: s.components[k]
                        for k in ("goals", "complementarity", "value_chain", "cross_industry")
                    },
                    "reasons": render_reasons(s.reasons),
                }
            )
    return rows
