"""The index a worker keeps between rescorings: changes applied, not rebuilt."""

from matching.models import Suggestion
from matching.selectors import matching_config, suggestions_for_company
from matching.services import company_rescore, match_run_start, match_run_sync
from matching.services import live as live_module
from matching.services.live import live_prepared
from partners.models import Company
from tests.factories import CompanyFactory


def live_index():
    return live_prepared(config=matching_config())


def phrases(prepared, key, field):
    return prepared.index.phrases(field, prepared.index.row_of[key])


def test_an_edited_profile_is_put_into_the_kept_index(population):
    first = live_index()
    built = live_module._live.built_at
    software = population["software"]
    software.capabilities = ["refrigerated delivery of fresh produce to cities"]
    software.needs = ["organic vegetables grown year round"]
    software.goals = ["cut food waste and bring fresh food to cities"]
    software.save()

    company_rescore(company_id=software.pk)

    again = live_index()
    assert again is first and live_module._live.built_at == built  # updated, not rebuilt
    assert phrases(again, "software", "capabilities") == [
        "refrigerated delivery of fresh produce to cities"
    ]
    partners = [s.partner.key for s in suggestions_for_company(company=software)]
    assert partners[0] == "farm"


def test_hidden_deleted_and_new_companies_leave_and_enter_the_kept_index(population):
    live_index()
    # A queryset update does not touch updated_at: found by the set of matchable ids.
    Company.objects.filter(pk=population["hospital"].pk).update(
        visibility=Company.Visibility.HIDDEN
    )
    population["software"].delete()
    CompanyFactory(key="cold-boxes", industry="N", industry_division="82")

    keys = set(live_index().index.keys)

    assert "hospital" not in keys and "software" not in keys
    assert "cold-boxes" in keys
    assert keys == set(Company.objects.exclude(visibility="hidden").values_list("key", flat=True))
    assert set(live_index().population.id_of) == keys


def test_an_unchanged_population_is_not_touched(population):
    first = live_index()
    index = first.index
    assert live_index().index is index


def test_many_changes_at_once_rebuild_the_index(population, settings):
    live_index()
    built = live_module._live
    settings.MATCHING_LIVE_INDEX_MAX_CHANGES = 1
    for key in ("farm", "retail"):
        population[key].goals = ["a new goal of " + key]
        population[key].save()

    prepared = live_index()

    assert live_module._live is not built
    assert phrases(prepared, "farm", "goals") == ["a new goal of farm"]


def test_an_old_index_is_rebuilt(population, settings):
    live_index()
    built = live_module._live
    settings.MATCHING_LIVE_INDEX_MAX_AGE = -1
    live_index()
    assert live_module._live is not built


def test_a_full_run_hands_its_index_to_the_rescorings(population):
    run = match_run_sync(run=match_run_start())
    adopted = live_module._live
    assert adopted is not None
    assert set(adopted.prepared.index.keys) == set(population)

    company_rescore(company_id=population["farm"].pk)

    assert live_module._live is adopted
    assert Suggestion.objects.filter(run=run).exists()


def test_a_worker_takes_over_the_index_of_a_run_it_helped_score(population):
    from matching.selectors import matching_config
    from matching.services import runs

    run = match_run_sync(run=match_run_start())
    live_module.live_index_reset()  # as in a pool process that scored blocks but did not publish
    prepared = runs.population_prepare(config=matching_config(), run_id=run.pk)
    runs._prepared[run.pk] = prepared

    taken = live_index()

    assert taken is prepared and runs._prepared == {}


def test_the_index_of_a_running_run_is_left_alone(population):
    from matching.models import MatchRun
    from matching.selectors import matching_config
    from matching.services import runs

    running = MatchRun.objects.create(kind=MatchRun.Kind.FULL, status=MatchRun.Status.RUNNING)
    prepared = runs.population_prepare(config=matching_config(), run_id=running.pk)
    runs._prepared[running.pk] = prepared

    assert live_index() is not prepared
    assert runs._prepared == {running.pk: prepared}
