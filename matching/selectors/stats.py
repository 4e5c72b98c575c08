"""Distributions of a full run that the staff dashboard draws, counted once at publish.

``run_stats`` reads the run's rows with two aggregate queries (scores by bin, and how
often each company is suggested) and returns plain JSON, stored on ``MatchRun.stats``,
so that the dashboard reads one row instead of millions.
"""

from __future__ import annotations

from django.db.models import Count, F, IntegerField
from django.db.models.functions import Cast, Floor

from matching.engine import gini
from matching.models import MatchRun, Suggestion

SCORE_BINS = 20
# Companies by how many lists they appear in: [low, high] (inclusive; None: no limit).
EXPOSURE_BUCKETS: tuple[tuple[int, int | None], ...] = (
    (0, 0),
    (1, 5),
    (6, 10),
    (11, 20),
    (21, 50),
    (51, 100),
    (101, None),
)
LORENZ_POINTS = 10


def partner_counts(*, run: MatchRun, companies: int) -> list[int]:
    """How many of the run's lists each company appears in, one number per company
    (zeros for the ``companies`` never suggested), in no particular order."""
    counts = list(
        Suggestion.objects.filter(run=run)
        .values("partner_id")
        .annotate(n=Count("id"))
        .values_list("n", flat=True)
    )
    return counts + [0] * max(0, companies - len(counts))


def score_histogram(*, run: MatchRun, bins: int = SCORE_BINS) -> list[int]:
    """Suggestions of the run per score bin of width 1/``bins`` over [0, 1] (a score of
    exactly 1 falls in the last bin)."""
    rows = (
        Suggestion.objects.filter(run=run)
        .annotate(bin=Cast(Floor(F("score") * bins), IntegerField()))
        .values("bin")
        .annotate(n=Count("id"))
        .values_list("bin", "n")
    )
    counts = [0] * bins
    for index, n in rows:
        counts[min(bins - 1, max(0, int(index)))] += n
    return counts


def exposure_buckets(counts: list[int]) -> list[dict]:
    """Companies per bucket of ``EXPOSURE_BUCKETS``: ``{"low", "high", "companies"}``."""
    return [
        {
            "low": low,
            "high": high,
            "companies": sum(low <= n and (high is None or n <= high) for n in counts),
        }
        for low, high in EXPOSURE_BUCKETS
    ]


def lorenz(counts: list[int], points: int = LORENZ_POINTS) -> list[float]:
    """Share of all appearances that the least suggested 1/points, 2/points, … of the
    companies receive together (the last is 1; an even spread gives 0.1, 0.2, …)."""
    ordered = sorted(counts)
    total = sum(ordered)
    if not ordered or not total:
        return [round((i + 1) / points, 4) for i in range(points)]
    shares, running, done = [], 0, 0
    for i in range(1, points + 1):
        upto = round(len(ordered) * i / points)
        running += sum(ordered[done:upto])
        done = upto
        shares.append(round(running / total, 4))
    return shares


def run_stats(*, run: MatchRun, companies: int) -> dict:
    """The run's score histogram and exposure spread over ``companies`` companies."""
    counts = partner_counts(run=run, companies=companies)
    return {
        "scores": score_histogram(run=run),
        "exposure": {
            "companies": len(counts),
            "suggested": sum(n > 0 for n in counts),
            "most": max(counts, default=0),
            "gini": gini(counts),
            "buckets": exposure_buckets(counts),
            "lorenz": lorenz(counts),
        },
    }
