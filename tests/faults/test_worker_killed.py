"""A worker SIGKILLed in the middle of a full run: readers keep the last run, and the
run completes once a worker is back and the sweep (celery beat) hands out the lost blocks."""

import time
from collections import Counter

import pytest

from matching.models import MatchBlock, MatchRun, Suggestion, SuggestionList
from matching.selectors import matchable_companies
from matching.tasks import match_run_start_task, match_runs_sweep_task
from tests.faults.conftest import assert_lists_consistent, lists_snapshot
from tests.worker import wait_until

pytestmark = [pytest.mark.worker, pytest.mark.fault]

SWEEP_EVERY = 2  # seconds: what celery beat does every few minutes, done faster here


def run_rows(run: MatchRun) -> list[tuple[int, int, int]]:
    rows = Suggestion.objects.filter(run=run).values_list("company_id", "partner_id", "rank")
    return sorted(rows)


def sweep_until_complete(run: MatchRun, worker, timeout: float) -> None:
    """Send the sweep task now and then, as beat would, until the run is complete."""
    last_sweep = 0.0

    def complete() -> bool:
        nonlocal last_sweep
        if time.monotonic() - last_sweep > SWEEP_EVERY:
            match_runs_sweep_task.delay()
            last_sweep = time.monotonic()
        run.refresh_from_db()
        return run.status == MatchRun.Status.COMPLETE

    wait_until(complete, timeout, worker, f"completion of run {run.pk}")


def test_a_run_whose_worker_is_killed_keeps_the_last_lists_and_completes_later(
    demo_population, fault_workers
):
    first = MatchRun.objects.get(kind=MatchRun.Kind.FULL, status=MatchRun.Status.COMPLETE)
    before = lists_snapshot()
    assert len(before) == SuggestionList.objects.count() > 0.9 * demo_population
    worker = fault_workers.start(FAULT_BLOCK_DELAY=2)

    match_run_start_task.delay()
    scoring = MatchBlock.objects.filter(status=MatchBlock.Status.RUNNING, run__blocks_done__gte=4)
    wait_until(scoring.exists, 60, worker, "4 blocks done and one being scored")
    fault_workers.kill(worker)
    started = time.monotonic()

    second = MatchRun.objects.get(kind=MatchRun.Kind.FULL, status=MatchRun.Status.RUNNING)
    assert 0 < second.blocks_done < second.blocks_total
    lost = MatchBlock.objects.filter(run=second, status=MatchBlock.Status.RUNNING).count()
    assert lost >= 1  # the killed pool processes' blocks, claimed and never finished
    assert lists_snapshot() == before  # readers still see the first run, every list whole
    assert set(SuggestionList.objects.values_list("run_id", flat=True)) == {first.pk}

    revived = fault_workers.start(MATCHING_CLAIM_TIMEOUT=2)
    sweep_until_complete(second, revived, timeout=90)
    print(
        f"killed with {lost} block(s) running -> run complete: {time.monotonic() - started:.1f} s"
    )

    assert second.blocks_done == second.blocks_total
    assert not MatchBlock.objects.filter(run=second).exclude(status=MatchBlock.Status.DONE).exists()
    assert set(SuggestionList.objects.values_list("run_id", flat=True)) == {second.pk}
    companies = set(matchable_companies().values_list("id", flat=True))
    assert set(SuggestionList.objects.values_list("company_id", flat=True)) == companies
    rows = run_rows(second)
    assert max(Counter((c, p) for c, p, _ in rows).values()) == 1  # no duplicate row
    assert rows == run_rows(first)  # nothing missing: the same population, the same lists
    assert_lists_consistent()
