"""Rescoring one company after its profile changed, and the hooks that ask for it."""

from matching.models import MatchRun, SuggestionList
from matching.selectors import suggestions_for_company
from matching.services import (
    company_rescore,
    match_run_start,
    match_run_sync,
    phrases_embed_missing,
)
from partners.services.companies import company_update


def partners_of(company):
    return [s.partner.key for s in suggestions_for_company(company=company)]


def full_run():
    phrases_embed_missing()
    return match_run_sync(run=match_run_start())


def answer_the_farms_need(software):
    """Software now offers exactly what the farm looks for, and looks for what it offers."""
    software.capabilities = ["refrigerated delivery of fresh produce to cities"]
    software.needs = ["organic vegetables grown year round"]
    software.goals = ["cut food waste and bring fresh food to cities"]
    software.save()


def test_rescoring_a_company_replaces_its_own_list_and_enters_other_lists(population):
    full_run()
    farm, software = population["farm"], population["software"]
    assert "software" not in partners_of(farm)
    answer_the_farms_need(software)
    phrases_embed_missing(company_ids=[software.pk])

    run = company_rescore(company_id=software.pk)

    assert run.kind == MatchRun.Kind.COMPANY and run.status == MatchRun.Status.COMPLETE
    assert partners_of(software)[0] == "farm"
    assert "software" in partners_of(farm)[:2]
    assert SuggestionList.objects.get(company=farm).run == run
    ranks = [s.rank for s in suggestions_for_company(company=farm)]
    assert ranks == list(range(1, len(ranks) + 1))


def test_rescoring_leaves_untouched_lists_on_the_full_run(population):
    first = full_run()
    answer_the_farms_need(population["software"])

    run = company_rescore(company_id=population["software"].pk)

    pointers = dict(SuggestionList.objects.values_list("company__key", "run_id"))
    moved = {key for key, run_id in pointers.items() if run_id == run.pk}
    assert "software" in moved and "farm" in moved
    assert set(pointers.values()) == {first.pk, run.pk}


def test_a_company_that_becomes_hidden_leaves_every_list_and_loses_its_own(population):
    full_run()
    retail = population["retail"]
    assert "retail" in partners_of(population["fibers"])
    retail.visibility = "hidden"
    retail.save()

    company_rescore(company_id=retail.pk)

    assert "retail" not in partners_of(population["fibers"])
    assert not SuggestionList.objects.filter(company=retail).exists()
    for company in population.values():
        assert "retail" not in partners_of(company)


def test_saving_a_profile_rescores_it_after_commit(population, django_capture_on_commit_callbacks):
    full_run()
    farm, software = population["farm"], population["software"]

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        company_update(
            company=software,
            data={
                "capabilities": ["refrigerated delivery of fresh produce to cities"],
                "needs": ["organic vegetables grown year round"],
                "goals": ["cut food waste and bring fresh food to cities"],
            },
        )

    assert callbacks  # the rescoring waited for the commit (kept answers renew there too)
    assert "software" in partners_of(farm)[:2]
    assert MatchRun.objects.filter(kind="company", company=software).count() == 1


def test_nothing_is_computed_before_the_save_commits(
    population, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        company_update(company=population["farm"], data={"needs": ["a new need"]})

    assert callbacks  # the rescoring, queued for the commit
    assert not MatchRun.objects.exists()


def test_a_new_company_gets_a_list_of_its_own_at_once(
    population, django_capture_on_commit_callbacks
):
    from partners.services.companies import company_create
    from tests.factories import UserFactory

    full_run()
    with django_capture_on_commit_callbacks(execute=True):
        company = company_create(
            owner=UserFactory(),
            data={
                "key": "cold-boxes", "name": "Cold Boxes", "language": "en", "industry": "N",
                "industry_division": "82", "strengths": ["outbound_logistics"],
                "seeks": ["operations"],
                "capabilities": ["refrigerated delivery of fresh produce to cities"],
                "needs": ["organic vegetables grown year round"],
                "goals": ["cut food waste and bring fresh food to cities"],
            },
        )  # fmt: skip

    assert "farm" in partners_of(company)
    assert "cold-boxes" in partners_of(population["farm"])
