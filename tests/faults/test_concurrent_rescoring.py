"""Ten rescorings of one company at once, in worker processes: one consistent list."""

import pytest

from matching.models import MatchRun, Suggestion, SuggestionList
from matching.selectors import companies_listing
from matching.services import company_rescore
from matching.tasks import company_rescore_task
from tests.faults.conftest import assert_lists_consistent, lists_snapshot
from tests.worker import wait_until

pytestmark = [pytest.mark.worker, pytest.mark.fault]


def test_ten_concurrent_rescorings_of_one_company_leave_one_consistent_list(
    small_population, fault_workers
):
    farm = small_population["farm"]
    worker = fault_workers.start(concurrency=3)

    for _ in range(10):
        company_rescore_task.delay(farm.pk)

    rescorings = MatchRun.objects.filter(kind=MatchRun.Kind.COMPANY, company=farm)
    done = rescorings.filter(status=MatchRun.Status.COMPLETE)
    wait_until(lambda: done.count() == 10, 90, worker, "ten rescorings")
    assert rescorings.count() == 10
    print(f"retries after database errors: {worker.log().count(' retry: Retry in ')}")

    pointer = SuggestionList.objects.get(company=farm)
    assert pointer.run_id in set(done.values_list("id", flat=True))
    own = Suggestion.objects.filter(run_id=pointer.run_id, company=farm)
    assert sorted(own.values_list("rank", flat=True)) == list(range(1, own.count() + 1))
    assert own.count() == own.values("partner").distinct().count() > 0
    assert_lists_consistent()
    listing = companies_listing(company_id=farm.pk)
    assert listing  # other companies' lists name the farm, each once (checked above)

    # The lists are what one rescoring on its own gives: none of the ten was lost half-way.
    settled = lists_snapshot()
    company_rescore(company_id=farm.pk)
    assert lists_snapshot() == settled
