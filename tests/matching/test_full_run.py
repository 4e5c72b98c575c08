"""Full recomputes: blocks, idempotence, one run at a time, atomic publication."""

import pytest

from matching.models import MatchBlock, MatchRun, Suggestion, SuggestionList
from matching.selectors import match_run_latest, match_run_progress, suggestions_for_company
from matching.services import (
    match_block_run,
    match_run_start,
    match_run_sync,
    match_runs_cleanup,
    phrases_embed_missing,
    runs,
)
from matching.services.runs import match_block_claim
from matching.tasks import match_block_task


def full_run():
    phrases_embed_missing()
    return match_run_sync(run=match_run_start())


def test_a_full_run_gives_every_visible_company_a_list(population):
    run = full_run()

    assert run.status == MatchRun.Status.COMPLETE
    assert run.blocks_done == run.blocks_total == 3  # 8 companies, blocks of 3
    assert run.companies_count == 8
    assert run.suggestions_count == Suggestion.objects.filter(run=run).count() > 0
    assert run.finished_at and run.duration is not None
    assert 0 <= run.exposure_gini < 1
    # The dashboard's distributions are counted when the run is published.
    assert sum(run.stats["scores"]) == run.suggestions_count
    assert run.stats["exposure"]["companies"] == 8
    assert run.stats["exposure"]["gini"] == run.exposure_gini
    assert set(SuggestionList.objects.values_list("run_id", flat=True)) == {run.pk}
    assert SuggestionList.objects.count() == 8
    assert match_run_latest() == run


def test_the_complementary_cross_industry_partner_is_suggested(population):
    full_run()

    partners = [s.partner.key for s in suggestions_for_company(company=population["fibers"])]

    assert partners[0] == "retail"
    ranks = [s.rank for s in suggestions_for_company(company=population["fibers"])]
    assert ranks == list(range(1, len(ranks) + 1))


def test_hidden_companies_are_never_suggested_and_get_no_list(population):
    population["retail"].visibility = "hidden"
    population["retail"].save()
    population["software"].visibility = "partners"
    population["software"].save()

    run = full_run()

    assert run.companies_count == 7
    assert not Suggestion.objects.filter(partner=population["retail"]).exists()
    assert not SuggestionList.objects.filter(company=population["retail"]).exists()
    assert SuggestionList.objects.filter(company=population["software"]).exists()


def test_only_one_full_run_is_active_at_a_time(population):
    first = match_run_start()

    second = match_run_start()

    assert second == first
    assert MatchRun.objects.filter(kind=MatchRun.Kind.FULL).count() == 1


def test_running_a_block_twice_changes_nothing(population):
    run = match_run_start()
    block = run.blocks.order_by("index").first()
    match_block_task.delay(block_id=block.pk)
    rows = sorted(Suggestion.objects.filter(run=run).values_list("company", "partner", "rank"))

    assert match_block_task.delay(block_id=block.pk).get() is False  # redelivered: refused

    again = sorted(Suggestion.objects.filter(run=run).values_list("company", "partner", "rank"))
    assert again == rows
    run.refresh_from_db()
    assert run.blocks_done == 1


def test_a_block_whose_worker_was_lost_is_claimed_again_and_counted_once(population):
    run = match_run_start()
    block_id = run.blocks.order_by("index").first().pk
    lost = match_block_claim(block_id=block_id)  # this worker never finishes in time
    MatchBlock.objects.filter(pk=block_id).update(claimed_at="2000-01-01T00:00Z")

    assert match_block_run(block_id=block_id) is True
    assert match_block_claim(block_id=block_id) is None
    rows = sorted(Suggestion.objects.filter(run=run).values_list("company", "partner", "rank"))
    assert runs._block_store(lost, run) is False  # its late result is thrown away

    run.refresh_from_db()
    assert run.blocks_done == 1
    assert MatchBlock.objects.get(pk=block_id).attempts == 2
    again = sorted(Suggestion.objects.filter(run=run).values_list("company", "partner", "rank"))
    assert again == rows


def test_readers_see_the_previous_run_until_the_next_one_is_published(population):
    first = full_run()
    before = {c: list(suggestions_for_company(company=c)) for c in population.values()}
    second = match_run_start()
    match_block_run(block_id=second.blocks.order_by("index").first().pk)

    assert Suggestion.objects.filter(run=second).exists()
    for company, rows in before.items():
        now = list(suggestions_for_company(company=company))
        assert now == rows
        assert {s.run_id for s in now} <= {first.pk}
    assert match_run_progress(run_id=second.pk).blocks_done == 1

    match_run_sync(run=second)
    assert set(SuggestionList.objects.values_list("run_id", flat=True)) == {second.pk}


def test_cleanup_keeps_the_last_two_complete_runs_and_anything_pointed_to(population):
    runs = [full_run() for _ in range(3)]

    match_runs_cleanup()

    kept = set(MatchRun.objects.values_list("id", flat=True))
    assert kept == {runs[1].pk, runs[2].pk}


@pytest.mark.parametrize("include", [False, True])
def test_same_division_pairs_are_left_out_unless_asked_for(db, include):
    from tests.matching.conftest import PROFILES, company_for

    rows = {r[0]: r for r in PROFILES}
    fibers = company_for(*rows["fibers"])
    company_for("fibers-2", "C", "13", "en", *rows["retail"][4:])
    phrases_embed_missing()

    match_run_sync(run=match_run_start(include_same_division=include))

    partners = {s.partner.key for s in suggestions_for_company(company=fibers)}
    assert ("fibers-2" in partners) is include
