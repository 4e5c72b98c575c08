"""A full run's exposure cutoffs are computed once and shared by all its workers."""

from dataclasses import replace
from datetime import timedelta

import pytest
from django.utils import timezone

from matching.engine import LexicalEmbedder, MatchingConfig, cutoffs_by_key, prepare
from matching.models import MatchRun
from matching.services import runs
from tests.matching.test_engine_ranking import star_population

CONFIG = MatchingConfig()


@pytest.fixture
def unlimited():
    """A population large enough for cutoffs, prepared without them (as workers do)."""
    return prepare(star_population(), LexicalEmbedder(), CONFIG, exposure=False)


def full_run(**fields):
    return MatchRun.objects.create(kind=MatchRun.Kind.FULL, started_at=timezone.now(), **fields)


@pytest.mark.django_db
def test_the_first_worker_computes_and_stores_the_cutoffs(unlimited):
    run = full_run()
    cutoffs = runs.run_exposure_cutoffs(run_id=run.pk, index=unlimited, config=CONFIG)
    run.refresh_from_db()
    assert cutoffs and cutoffs["a-star"] > 0
    assert run.exposure_cutoffs == cutoffs and run.exposure_claimed_at is not None
    # Computed like an index prepared with its own auction.
    assert cutoffs == cutoffs_by_key(prepare(star_population(), LexicalEmbedder(), CONFIG))


@pytest.mark.django_db
def test_later_workers_take_the_stored_cutoffs_instead_of_computing_them(unlimited):
    run = full_run(exposure_cutoffs={"a-star": 0.123}, exposure_claimed_at=timezone.now())
    other = replace(CONFIG, exposure_allowance=5.0)  # would compute different ones
    assert runs.run_exposure_cutoffs(run_id=run.pk, index=unlimited, config=other) == {
        "a-star": 0.123
    }


@pytest.mark.django_db
def test_a_claim_left_by_a_lost_worker_is_taken_over(unlimited):
    lost = timezone.now() - timedelta(seconds=runs.EXPOSURE_CLAIM_TIMEOUT + 5)
    run = full_run(exposure_claimed_at=lost)
    cutoffs = runs.run_exposure_cutoffs(run_id=run.pk, index=unlimited, config=CONFIG)
    run.refresh_from_db()
    assert cutoffs and run.exposure_cutoffs == cutoffs and run.exposure_claimed_at > lost


@pytest.mark.django_db
def test_a_worker_waits_for_the_one_that_claimed_the_cutoffs(unlimited, monkeypatch):
    run = full_run(exposure_claimed_at=timezone.now())
    naps = []

    def nap(seconds):  # the claimer stores its cutoffs while this worker waits
        naps.append(seconds)
        MatchRun.objects.filter(pk=run.pk).update(exposure_cutoffs={"provider-0-0": 0.02})

    monkeypatch.setattr(runs.time, "sleep", nap)
    cutoffs = runs.run_exposure_cutoffs(run_id=run.pk, index=unlimited, config=CONFIG)
    assert cutoffs == {"provider-0-0": 0.02} and naps == [runs.EXPOSURE_POLL]
