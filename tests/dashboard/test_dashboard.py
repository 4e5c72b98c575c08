"""The staff dashboard: exact figures on known data, staff-only access."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from alliance.dashboard import selectors
from matching.models import MatchRun
from partners.models import Alliance, AllianceProposal, Company, Interest, Match, Membership
from tests.factories import (
    NEXT_YEAR,
    CompanyFactory,
    MatchRunFactory,
    MembershipFactory,
    UserFactory,
    suggestions_make,
)

URL = "/en/dashboard/"


@pytest.fixture
def platform(db):
    """Five companies (one hidden, one without goals, needs or capabilities), three
    members of whom one belongs to two companies, and a flow: A and B interested in
    each other and matched, a proposal, an alliance; C interested in D; A and C have
    suggestions."""
    a, b, c, d = (CompanyFactory(key=k) for k in "abcd")
    hidden = CompanyFactory(key="e", visibility=Company.Visibility.HIDDEN)
    Company.objects.filter(pk=d.pk).update(goals=[], needs=[], capabilities=[])
    old = timezone.now() - timedelta(days=30)
    Company.objects.filter(pk__in=[c.pk, d.pk]).update(created_at=old)
    one, two = MembershipFactory(company=a), MembershipFactory(company=b)
    Membership.objects.create(user=one.user, company=c, role="member")
    MembershipFactory(company=hidden)
    Membership.objects.filter(user=two.user).update(created_at=old)
    Interest.objects.create(sender=a, recipient=b, sent_by=one.user)
    Interest.objects.create(sender=b, recipient=a, sent_by=two.user)
    Interest.objects.create(sender=c, recipient=d, sent_by=one.user)
    match = Match.objects.create(company_a=a, company_b=b)
    proposal = AllianceProposal.objects.create(
        match=match, version=1, proposed_by=a, author=one.user, shared_goal="g",
        starts_on=date(NEXT_YEAR, 1, 1), duration_months=12,
    )  # fmt: skip
    Alliance.objects.create(
        match=match, proposal=proposal, company_a=a, company_b=b, shared_goal="g",
        starts_on=date(NEXT_YEAR, 1, 1),
    )  # fmt: skip
    suggestions_make(a, b, c)
    suggestions_make(c, a)
    return {"a": a, "b": b, "c": c, "d": d}


def test_key_figures_count_totals_new_ones_and_weeks(platform):
    figures = selectors.platform_figures()
    assert (figures["companies"].total, figures["companies"].new) == (5, 3)
    assert sum(figures["companies"].weekly) == 5 and figures["companies"].weekly[-1] == 3
    # Three users in companies (one of them in two), one of them joined 30 days ago.
    assert (figures["members"].total, figures["members"].new) == (3, 2)
    assert figures["interests"].total == 3 and figures["interests"].new == 3
    assert figures["matches"].total == 1
    assert figures["proposals"].total == 1
    assert figures["alliances"].total == 1
    assert len(figures["alliances"].weekly) == selectors.TREND_WEEKS


def test_profiles_and_coverage(platform):
    assert selectors.profile_figures() == {
        "ready": 3,  # a, b, c (d has nothing to match on, e is hidden)
        "visible": 4,
        "with_suggestions": 2,
        "coverage": 0.5,
    }


def test_the_funnel_counts_each_company_once_per_step(platform):
    assert selectors.funnel() == selectors.Funnel(
        suggested=2, interested=3, matched=2, proposed=2, allied=2
    )


def test_recent_runs_newest_first(platform):
    newest = MatchRunFactory(status="running", blocks_total=4, blocks_done=1)
    runs = selectors.recent_runs(limit=2)
    assert [r.pk for r in runs][0] == newest.pk and len(runs) == 2


@pytest.mark.django_db
def test_an_empty_platform_shows_zeros_and_no_runs(client):
    client.force_login(UserFactory(is_staff=True))
    page = client.get(URL).content.decode()
    assert "No full matching run yet." in page
    assert selectors.profile_figures()["coverage"] == 0.0


def test_the_page_shows_the_figures_to_staff(client, platform):
    client.force_login(UserFactory(is_staff=True))
    page = client.get(URL).content.decode()
    assert 'data-figure="companies">5<' in page
    assert 'data-funnel="allied">2<' in page
    assert "coverage 50 %" in page


def test_japanese_page(client, platform):
    client.force_login(UserFactory(is_staff=True))
    response = client.get("/ja/dashboard/")
    assert response.status_code == 200 and "ダッシュボード" in response.content.decode()


def test_members_are_refused_and_visitors_sign_in(client, platform):
    assert client.get(URL).status_code == 302
    assert "/accounts/login/" in client.get(URL)["Location"]
    client.force_login(Membership.objects.first().user)
    assert client.get(URL).status_code == 403


def test_the_heat_map_counts_visible_companies_per_section_and_strength(db):
    CompanyFactory(industry="C", strengths=["operations", "technology_development"])
    CompanyFactory(industry="C", strengths=["operations"])
    CompanyFactory(industry="J", strengths=["technology_development"])
    CompanyFactory(industry="J", strengths=["operations"], visibility=Company.Visibility.HIDDEN)
    heatmap = selectors.section_activity_heatmap()
    columns = [code for code, _label in heatmap.activities]
    assert [code for code, _label in heatmap.sections] == ["C", "J"]
    c, j = heatmap.counts
    assert c[columns.index("operations")] == 2 and c[columns.index("technology_development")] == 1
    assert j[columns.index("technology_development")] == 1 and j[columns.index("operations")] == 0
    assert sum(c) + sum(j) == 4 and heatmap.largest == 2


def test_the_heat_map_is_drawn_as_svg_from_the_page(client, platform):
    client.force_login(UserFactory(is_staff=True))
    page = client.get(URL).content.decode()
    assert "<svg" in page and 'class="heatmap"' in page
    heatmap = page[page.index('class="heatmap"') :]
    heatmap = heatmap[: heatmap.index("</svg>")]
    assert heatmap.count("<rect") == 9 * len(selectors.section_activity_heatmap().sections)
    assert "cdn" not in page.lower()


def test_a_company_strong_twice_in_one_activity_counts_once(db):
    CompanyFactory(industry="F", strengths=["operations", "operations"])
    heatmap = selectors.section_activity_heatmap()
    assert heatmap.largest == 1 and sum(heatmap.counts[0]) == 1


def test_the_industry_mix_of_matches_and_alliances(db):
    maker = CompanyFactory(industry="C", industry_division="13")
    textile = CompanyFactory(industry="C", industry_division="13")
    food = CompanyFactory(industry="C", industry_division="10")
    shop = CompanyFactory(industry="G", industry_division="47")
    unknown = CompanyFactory(industry="C", industry_division="")
    for a, b in [(maker, textile), (maker, food), (maker, shop), (food, shop), (unknown, maker)]:
        a, b = sorted((a, b), key=lambda company: company.pk)  # a pair is stored in order
        Match.objects.create(company_a=a, company_b=b)
    match = Match.objects.get(company_a=maker, company_b=shop)
    terms = {"shared_goal": "g", "starts_on": date(NEXT_YEAR, 1, 1)}
    proposal = AllianceProposal.objects.create(
        match=match, version=1, proposed_by=maker, duration_months=12, **terms
    )
    Alliance.objects.create(
        match=match, proposal=proposal, company_a=maker, company_b=shop, **terms
    )
    mix = selectors.industry_mix()
    assert mix["matches"] == selectors.IndustryMix(
        total=5, other_section=2, other_division=2, same_division=1
    )
    assert mix["matches"].cross_share == 0.4
    assert mix["alliances"] == selectors.IndustryMix(1, 1, 0, 0)
    assert selectors.IndustryMix(0, 0, 0, 0).cross_share == 0.0


def test_the_latest_run_with_statistics(db):
    assert selectors.latest_run_stats() is None
    MatchRunFactory(stats=None)
    with_stats = MatchRunFactory(stats={"scores": [1], "exposure": {}})
    MatchRunFactory(status="running", stats=None, finished_at=None)
    assert selectors.latest_run_stats() == with_stats


def test_the_page_draws_the_latest_runs_distributions(client, db):
    stats = {
        "scores": [0] * 10 + [3, 5, 8, 4, 2, 1, 0, 0, 0, 1],
        "exposure": {
            "companies": 40,
            "suggested": 30,
            "most": 9,
            "gini": 0.412,
            "buckets": [
                {"low": 0, "high": 0, "companies": 10},
                {"low": 1, "high": 5, "companies": 25},
                {"low": 6, "high": 10, "companies": 5},
                {"low": 11, "high": None, "companies": 0},
            ],
            "lorenz": [0, 0, 0.05, 0.1, 0.2, 0.3, 0.4, 0.55, 0.75, 1],
        },
    }
    run = MatchRunFactory(stats=stats, suggestions_count=24)
    client.force_login(UserFactory(is_staff=True))
    page = client.get(URL).content.decode()
    assert f"All 24 suggestions of full run {run.pk}" in page
    assert page.count('<rect data-value="') == 20 + 4  # score bins + exposure buckets
    assert '<rect data-value="8"' in page and "0.60–0.65: 8" in page
    assert "30 of 40 companies appear in at least one list" in page and "0.412" in page
    assert ">1–5<" in page and ">11+<" in page
    assert 'class="lorenz"' in page and "<polyline" in page


def test_without_a_run_the_distributions_say_when_they_come(client, db):
    client.force_login(UserFactory(is_staff=True))
    page = client.get(URL).content.decode()
    assert page.count("counted when a full recompute completes") == 2
    assert "None yet." in page  # neither matches nor alliances


def test_the_page_shows_the_cross_industry_share(client, platform):
    client.force_login(UserFactory(is_staff=True))
    page = client.get(URL).content.decode()
    # a and b are both in section C (the factory's), division 13: one pair, same division.
    assert 'data-mix-total="matches">1<' in page
    assert 'data-mix-share="matches">0 %<' in page
    assert 'class="mix-same_division"' in page


def test_staff_start_a_full_recompute_and_see_it(
    client, platform, django_capture_on_commit_callbacks
):
    client.force_login(UserFactory(is_staff=True))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/en/dashboard/recompute/")
    assert response.status_code == 302
    assert response["Location"] == "/en/dashboard/?requested=1#runs"
    # Tasks run in place in the tests: the run is complete, with its distributions.
    run = MatchRun.objects.get(stats__isnull=False)  # the platform's other runs are made up
    assert run.status == "complete" and run.stats is not None
    page = client.get(response["Location"]).content.decode()
    assert "A full recompute was requested" in page
    assert f'data-run="{run.pk}"' in page and "data-requested" in page
    assert f"All {run.suggestions_count} suggestions of full run {run.pk}" in page


def test_a_recompute_under_way_is_not_started_twice(client, db):
    active = MatchRunFactory(status="running", blocks_total=5, blocks_done=2, finished_at=None)
    client.force_login(UserFactory(is_staff=True))
    page = client.post("/en/dashboard/recompute/", follow=True).content.decode()
    assert f"already under way (run {active.pk})" in page
    assert MatchRun.objects.count() == 1
    assert f'data-run-active="{active.pk}"' in page and "2 of 5 blocks (40 %)" in page


@pytest.mark.parametrize("path", ["/en/dashboard/recompute/", "/en/dashboard/status/"])
def test_the_run_pages_are_for_staff_only(client, db, path):
    assert "/accounts/login/" in client.post(path)["Location"]
    client.force_login(MembershipFactory().user)
    assert client.post(path).status_code == 403
    assert not MatchRun.objects.exists()


def test_recompute_takes_only_post(client, db):
    client.force_login(UserFactory(is_staff=True))
    assert client.get("/en/dashboard/recompute/").status_code == 405


def test_the_page_links_the_reports_queue_with_its_count(client, platform):
    from partners.models import Report

    Report.objects.create(company=platform["d"], reporter=None, reason="spam")
    Report.objects.create(company=platform["d"], reporter=None, reason="other", status="dismissed")
    client.force_login(UserFactory(is_staff=True))
    page = client.get(URL).content.decode()
    assert 'data-open-reports="1"' in page and "1 report waits" in page
    assert 'href="/en/dashboard/reports/"' in page and f'href="{reverse("admin:index")}"' in page
