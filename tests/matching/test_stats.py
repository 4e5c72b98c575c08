"""The run statistics the dashboard draws, counted on known rows."""

import pytest

from matching.models import Suggestion
from matching.selectors import stats
from tests.factories import CompanyFactory, MatchRunFactory


@pytest.fixture
def run(db):
    """Four companies; a's list holds b (0.95) and c (0.42), b's holds a (0.95) and
    c (1.0), c's holds b (0.05); d is never suggested."""
    a, b, c, _d = (CompanyFactory(key=k) for k in "abcd")
    run = MatchRunFactory()
    for company, partner, rank, score in [
        (a, b, 1, 0.95),
        (a, c, 2, 0.42),
        (b, c, 1, 1.0),
        (b, a, 2, 0.95),
        (c, b, 1, 0.05),
    ]:
        Suggestion.objects.create(run=run, company=company, partner=partner, rank=rank, score=score)
    return run


def test_scores_fall_in_twentieths_and_a_full_score_in_the_last(run):
    histogram = stats.score_histogram(run=run)
    assert len(histogram) == 20 and sum(histogram) == 5
    assert histogram[1] == 1  # 0.05
    assert histogram[8] == 1  # 0.42
    assert histogram[19] == 3  # 0.95, 0.95 and 1.0


def test_partner_counts_include_the_companies_never_suggested(run):
    # b twice, c twice, a once, d never.
    assert sorted(stats.partner_counts(run=run, companies=4)) == [0, 1, 2, 2]


def test_exposure_buckets_and_lorenz_curve():
    counts = [0, 1, 2, 2, 0, 0, 7, 12, 25, 120]
    buckets = stats.exposure_buckets(counts)
    assert [b["companies"] for b in buckets] == [3, 3, 1, 1, 1, 0, 1]
    assert sum(b["companies"] for b in buckets) == len(counts)
    # Sorted: 0 0 0 1 2 2 7 12 25 120 (total 169), one company per tenth.
    assert stats.lorenz(counts) == [
        0.0,
        0.0,
        0.0,
        0.0059,
        0.0178,
        0.0296,
        0.071,
        0.142,
        0.2899,
        1.0,
    ]
    assert stats.lorenz([3, 3, 3, 3, 3, 3, 3, 3, 3, 3]) == [
        0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0
    ]  # fmt: skip
    assert stats.lorenz([]) == stats.lorenz([0, 0])  # nothing suggested: drawn as even


def test_run_stats_gathers_them(run):
    result = stats.run_stats(run=run, companies=4)
    assert sum(result["scores"]) == 5
    exposure = result["exposure"]
    assert (exposure["companies"], exposure["suggested"], exposure["most"]) == (4, 3, 2)
    assert exposure["gini"] == pytest.approx(0.35)  # of 0, 1, 2, 2
    assert exposure["lorenz"][-1] == 1.0
