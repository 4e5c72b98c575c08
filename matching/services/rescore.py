"""Rescoring one company after its profile changed.

A small COMPANY run holds the company's new list and, for every other company
whose list it enters, leaves or moves in, that company's new full list; all
their pointers move in one transaction, so each list is replaced atomically.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from matching.engine import CompanySuggestions, MatchingConfig, merge_entry, rescore
from matching.engine import Suggestion as EngineSuggestion
from matching.models import MatchRun, SuggestionList
from matching.selectors import (
    companies_listing,
    current_lists,
    match_run_latest,
    matching_config,
)
from matching.services.runs import population_prepare
from matching.services.storage import lists_write, pointers_move
from partners.models import Company


def _exit(key: str) -> EngineSuggestion:
    """An entry that takes ``key`` out of a list (below any ``min_score``)."""
    return EngineSuggestion(partner=key, rank=0, score=-1.0, partner_section="?", components={})


def _signature(items: CompanySuggestions) -> list[tuple]:
    return [(s.partner, s.rank, round(s.score, 6)) for s in items.suggestions]


def _changed_lists(
    current: dict[int, CompanySuggestions],
    entries: dict[int, EngineSuggestion],
    config: MatchingConfig,
) -> dict[int, CompanySuggestions]:
    changed = {}
    for pk, items in current.items():
        merged = merge_entry(items, entries[pk], config)
        if _signature(merged) != _signature(items):
            changed[pk] = merged
    return changed


def company_rescore(*, company_id: int) -> MatchRun:
    """Recompute a company's list and its place in other lists; publish them at once.

    A hidden (or deleted) company leaves every list and loses its own.
    """
    company = Company.objects.filter(pk=company_id).first()
    run = MatchRun.objects.create(
        kind=MatchRun.Kind.COMPANY,
        company=company,
        status=MatchRun.Status.RUNNING,
        started_at=timezone.now(),
        companies_count=1,
    )
    listing = companies_listing(company_id=company_id)
    if company is None or company.visibility == Company.Visibility.HIDDEN:
        return _withdraw(run, company_id, listing)
    latest = match_run_latest()
    config = matching_config(include_same_division=bool(latest and latest.include_same_division))
    prepared = population_prepare(config=config)
    id_of = prepared.population.id_of
    key_of = prepared.population.key_of
    listed_by = [key_of[pk] for pk in listing if pk in key_of]
    result = rescore(prepared.index, company.key, config, listed_by=listed_by)
    entries = {id_of[k]: e for k, e in result.entries.items()}
    # Listed by a company it may no longer be paired with (e.g. now the same division).
    entries.update({pk: _exit(company.key) for pk in listing if pk not in entries})
    changed = _changed_lists(current_lists(company_ids=entries), entries, config)
    return _publish(run, [result.own, *changed.values()], id_of, [company_id, *changed])


def _withdraw(run: MatchRun, company_id: int, listing: list[int]) -> MatchRun:
    key = Company.objects.filter(pk=company_id).values_list("key", flat=True).first()
    current = current_lists(company_ids=listing)
    changed = _changed_lists(current, dict.fromkeys(current, _exit(key or "")), matching_config())
    id_of = dict(
        Company.objects.filter(id__in=[*changed, *_partner_ids(changed)]).values_list("key", "id")
    )
    with transaction.atomic():
        SuggestionList.objects.filter(company_id=company_id).delete()
    return _publish(run, list(changed.values()), id_of, list(changed))


def _partner_ids(lists: dict[int, CompanySuggestions]) -> list[int]:
    keys = {s.partner for items in lists.values() for s in items.suggestions}
    return list(Company.objects.filter(key__in=keys).values_list("id", flat=True))


def _publish(
    run: MatchRun, lists: list[CompanySuggestions], id_of: dict[str, int], company_ids: list[int]
) -> MatchRun:
    with transaction.atomic():
        written = lists_write(run=run, lists=lists, id_of=id_of)
        pointers_move(run=run, company_ids=company_ids)
        run.status = MatchRun.Status.COMPLETE
        run.suggestions_count = written
        run.companies_count = len(company_ids)
        run.finished_at = timezone.now()
        run.save(update_fields=["status", "suggestions_count", "companies_count", "finished_at"])
    return run
