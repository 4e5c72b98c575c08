"""Writing suggestion rows and moving the lists' pointers."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from django.db.models import Count

from matching.engine import CompanySuggestions, gini
from matching.models import MatchRun, Suggestion, SuggestionList

WRITE_BATCH = 2000


def lists_write(
    *, run: MatchRun, lists: Iterable[CompanySuggestions], id_of: Mapping[str, int]
) -> int:
    """Store ``lists`` as ``run``'s rows; partners unknown to ``id_of`` are skipped.

    Returns the number of rows written.
    """
    rows = [
        Suggestion(
            run=run,
            company_id=id_of[company.company],
            partner_id=id_of[s.partner],
            rank=s.rank,
            score=round(float(s.score), 6),
            components=s.components,
            reasons=s.reasons,
        )
        for company in lists
        if company.company in id_of
        for s in company.suggestions
        if s.partner in id_of
    ]
    Suggestion.objects.bulk_create(rows, batch_size=WRITE_BATCH)
    return len(rows)


def pointers_move(*, run: MatchRun, company_ids: Iterable[int]) -> int:
    """Point the lists of ``company_ids`` at ``run`` (one upsert; call inside a transaction)."""
    pointers = [SuggestionList(company_id=pk, run=run) for pk in set(company_ids)]
    SuggestionList.objects.bulk_create(
        pointers,
        batch_size=WRITE_BATCH,
        update_conflicts=True,
        unique_fields=["company"],
        update_fields=["run", "updated_at"],
    )
    return len(pointers)


def run_exposure_gini(*, run: MatchRun, companies: int) -> float:
    """Gini of how often each of ``companies`` companies appears in the run's lists."""
    counts = list(
        Suggestion.objects.filter(run=run)
        .values("partner_id")
        .annotate(n=Count("id"))
        .values_list("n", flat=True)
    )
    counts += [0] * max(0, companies - len(counts))
    return gini(counts)
