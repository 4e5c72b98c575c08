"""Rescoring one company after its profile changed.

A small COMPANY run holds the company's new list and, for every other company
whose list it enters, leaves or moves in, that company's new full list; all
their pointers move in one transaction, so each list is replaced atomically.

The scoring reads the worker's live index (``live.py``). Other companies'
lists are merged inside the publishing transaction, after locking their
pointers, so two rescorings that touch the same list at once both land.
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
from matching.services.live import live_prepared
from matching.services.storage import lists_write, pointers_move
from partners.models import Company
from partners.services.webhooks import webhooks_emit_suggestions_refreshed


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
    prepared = live_prepared(config=config)
    id_of = dict(prepared.population.id_of)
    key_of = {pk: key for key, pk in id_of.items()}
    listed_by = [key_of[pk] for pk in listing if pk in key_of]
    result = rescore(prepared.index, company.key, config, listed_by=listed_by)
    entries = {id_of[k]: e for k, e in result.entries.items()}
    # Listed by a company it may no longer be paired with (e.g. now the same division).
    entries.update({pk: _exit(company.key) for pk in listing if pk not in entries})
    return _publish(run, company_id, result.own, entries, config, id_of)


def _withdraw(run: MatchRun, company_id: int, listing: list[int]) -> MatchRun:
    key = Company.objects.filter(pk=company_id).values_list("key", flat=True).first()
    entries = dict.fromkeys(listing, _exit(key or ""))
    return _publish(run, company_id, None, entries, matching_config(), None)


def _partner_ids(lists: dict[int, CompanySuggestions]) -> dict[str, int]:
    keys = {s.partner for items in lists.values() for s in items.suggestions}
    keys |= {items.company for items in lists.values()}
    return dict(Company.objects.filter(key__in=keys).values_list("key", "id"))


def _publish(
    run: MatchRun,
    company_id: int,
    own: CompanySuggestions | None,
    entries: dict[int, EngineSuggestion],
    config: MatchingConfig,
    id_of: dict[str, int] | None,
) -> MatchRun:
    """Write the company's own list (None: delete it) and merge ``entries`` into the
    current lists of other companies, all in one transaction.

    The pointers of every list touched are locked first (in id order, so two
    rescorings cannot deadlock), then those lists are read and merged: a list
    another rescoring changed meanwhile is merged as it now is, not as it was.
    """
    touched = sorted({company_id, *entries})
    with transaction.atomic():
        list(
            SuggestionList.objects.select_for_update()
            .filter(company_id__in=touched)
            .order_by("company_id")
            .values_list("pk", flat=True)
        )
        changed = _changed_lists(current_lists(company_ids=entries), entries, config)
        if id_of is None:
            id_of = _partner_ids(changed)
        lists = list(changed.values())
        moved = list(changed)
        if own is None:
            SuggestionList.objects.filter(company_id=company_id).delete()
        else:
            lists.append(own)
            moved.append(company_id)
        written = lists_write(run=run, lists=lists, id_of=id_of)
        pointers_move(run=run, company_ids=moved)
        run.status = MatchRun.Status.COMPLETE
        run.suggestions_count = written
        run.companies_count = len(moved)
        run.finished_at = timezone.now()
        run.save(update_fields=["status", "suggestions_count", "companies_count", "finished_at"])
        # Sent after commit, to the companies whose list changed and who subscribed.
        webhooks_emit_suggestions_refreshed(company_ids=moved, run_id=run.pk)
    return run
