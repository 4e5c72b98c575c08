"""Rescorings that run at the same time leave consistent lists (PostgreSQL: row locks)."""

from collections import Counter
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection, connections

from matching.models import Suggestion, SuggestionList
from matching.selectors import current_suggestions
from matching.services import company_rescore, match_run_start, match_run_sync
from matching.services import live as live_module

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="SQLite has no row locks and one writer"
)


def rescore_in_thread(company_id: int) -> int:
    try:
        return company_rescore(company_id=company_id).pk
    finally:
        connections.close_all()


def assert_consistent():
    rows = list(current_suggestions().values_list("company_id", "partner_id", "rank"))
    per_company = Counter(company for company, _, _ in rows)
    for company, count in per_company.items():
        ranks = sorted(rank for c, _, rank in rows if c == company)
        assert ranks == list(range(1, count + 1)), f"ranks of {company}: {ranks}"
    pairs = Counter((company, partner) for company, partner, _ in rows)
    assert max(pairs.values()) == 1, "a partner twice in one list"


@pytest.mark.django_db(transaction=True)
def test_ten_concurrent_rescorings_of_one_company_leave_one_consistent_list(population):
    match_run_sync(run=match_run_start())
    farm = population["farm"]
    live_module.live_index_reset()

    with ThreadPoolExecutor(max_workers=10) as pool:
        runs = list(pool.map(rescore_in_thread, [farm.pk] * 10))

    assert len(set(runs)) == 10
    pointer = SuggestionList.objects.get(company=farm)
    assert pointer.run_id in runs
    own = Suggestion.objects.filter(run_id=pointer.run_id, company=farm)
    assert own.count() == own.values("partner").distinct().count() > 0
    assert_consistent()


@pytest.mark.django_db(transaction=True)
def test_concurrent_rescorings_of_different_companies_both_land(population):
    match_run_sync(run=match_run_start())
    keys = ["software", "logistics", "retail", "hospital"]
    with ThreadPoolExecutor(max_workers=4) as pool:
        list(pool.map(rescore_in_thread, [population[k].pk for k in keys]))
    assert_consistent()
    for key in keys:
        assert SuggestionList.objects.filter(company=population[key]).exists()
