"""The dashboard's platform-wide figures, counted by a worker and read by the page."""

from datetime import timedelta

import pytest
from django.utils import timezone
from django.utils.translation import override

from alliance.dashboard import selectors, services
from alliance.dashboard.models import Snapshot
from alliance.dashboard.tasks import dashboard_snapshot_task
from tests.dashboard.test_dashboard import URL, platform  # noqa: F401  (fixture)
from tests.factories import CompanyFactory, MembershipFactory, UserFactory
from tests.worker import wait_until


def test_a_snapshot_holds_exactly_what_the_selectors_count(platform):  # noqa: F811
    counted = services.platform_snapshot_refresh()
    assert counted.figures == selectors.platform_figures()
    assert counted.profiles == selectors.profile_figures()
    assert counted.funnel == selectors.funnel()
    assert counted.heatmap == selectors.section_activity_heatmap()
    assert counted.mix == selectors.industry_mix()
    # Read back from the database, it is the same.
    assert selectors.platform_latest(max_age=60) == counted


def test_section_labels_come_back_in_the_readers_language(db):
    CompanyFactory(industry="C")
    services.platform_snapshot_refresh()
    with override("ja"):
        [(code, label)] = selectors.platform_latest(max_age=60).heatmap.sections
        assert code == "C" and str(label) == "C — 製造業"


def test_an_old_snapshot_is_not_read(db):
    services.platform_snapshot_refresh()
    Snapshot.objects.update(computed_at=timezone.now() - timedelta(minutes=11))
    assert selectors.platform_latest(max_age=600) is None
    assert selectors.platform_latest(max_age=3600) is not None


def test_the_page_reads_a_recent_snapshot_and_recounts_an_old_one(client, db):
    CompanyFactory()
    services.platform_snapshot_refresh()
    data = Snapshot.objects.get().data
    data["figures"]["companies"]["total"] = 4321  # what a worker counted a minute ago
    Snapshot.objects.update(data=data)
    client.force_login(UserFactory(is_staff=True))
    assert 'data-figure="companies">4321<' in client.get(URL).content.decode()

    Snapshot.objects.update(computed_at=timezone.now() - timedelta(hours=1))
    assert 'data-figure="companies">1<' in client.get(URL).content.decode()
    assert Snapshot.objects.get().data["figures"]["companies"]["total"] == 1


def test_staff_count_now(client, db):
    services.platform_snapshot_refresh()
    CompanyFactory()
    client.force_login(UserFactory(is_staff=True))
    page = client.post("/en/dashboard/refresh/", follow=True).content.decode()
    assert "The figures were counted again" in page
    assert 'data-figure="companies">1<' in page


def test_only_staff_count_now(client, db):
    assert "/accounts/login/" in client.post("/en/dashboard/refresh/")["Location"]
    client.force_login(MembershipFactory().user)
    assert client.post("/en/dashboard/refresh/").status_code == 403
    assert not Snapshot.objects.exists()


def test_the_task_counts(db):
    CompanyFactory()
    assert dashboard_snapshot_task.delay().get() >= 0
    assert Snapshot.objects.get().data["figures"]["companies"]["total"] == 1


@pytest.mark.worker
def test_a_worker_counts_the_figures(live_worker):
    CompanyFactory()
    dashboard_snapshot_task.delay()
    wait_until(Snapshot.objects.exists, 60, live_worker, "dashboard snapshot")
    assert Snapshot.objects.get().data["figures"]["companies"]["total"] == 1


def test_a_full_run_newer_than_the_count_makes_the_page_count_again(client, db):
    from matching.models import MatchRun
    from matching.selectors.stats import run_stats
    from tests.factories import MatchRunFactory

    CompanyFactory()
    services.platform_snapshot_refresh()
    data = Snapshot.objects.get().data
    data["figures"]["companies"]["total"] = 4321
    Snapshot.objects.update(data=data, computed_at=timezone.now() - timedelta(minutes=1))
    run = MatchRunFactory(finished_at=timezone.now())
    MatchRun.objects.filter(pk=run.pk).update(stats=run_stats(run=run, companies=1))
    client.force_login(UserFactory(is_staff=True))
    assert 'data-figure="companies">1<' in client.get(URL).content.decode()
