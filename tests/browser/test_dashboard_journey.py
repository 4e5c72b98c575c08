"""The staff dashboard in headless Chromium, in Japanese: figures, pictures, the workers'
health filled in by the page's script, and a full recompute started and followed."""

import pytest

from matching.models import MatchRun
from tests.browser.conftest import wait_for_value
from tests.browser.test_suggestions_journey import signed_in
from tests.factories import UserFactory
from tests.matching.conftest import PROFILES, company_for

pytestmark = pytest.mark.browser


def test_staff_read_the_dashboard_in_japanese_and_follow_a_recompute(page, live_server, screenshot):
    for row in PROFILES:
        company_for(*row)
    staff = UserFactory(is_staff=True, language="ja")
    signed_in(page, live_server, staff)
    errors = []
    page.on("pageerror", lambda error: errors.append(error))
    # The Content Security Policy holds: the browser reports nothing it had to block.
    page.on(
        "console",
        lambda message: "Content Security Policy" in message.text and errors.append(message.text),
    )

    page.goto(live_server.url + "/ja/dashboard/")
    assert page.locator("html").get_attribute("lang") == "ja"
    assert page.locator("h1").inner_text() == "ダッシュボード"
    assert page.locator('[data-figure="companies"]').inner_text() == str(len(PROFILES))
    # The script fills in the workers' health (no worker runs in this test).
    page.wait_for_selector('[data-health="workers"]')
    assert page.locator("[data-health-pending]").count() == 0

    # Start a full recompute: the tests run tasks in place, so it is complete at once
    # and its distributions are drawn.
    page.locator("#runs form button").click()
    page.wait_for_url("**/ja/dashboard/?requested=1#runs")
    run = MatchRun.objects.get(kind=MatchRun.Kind.FULL)
    assert run.status == MatchRun.Status.COMPLETE
    assert page.locator(f'[data-run="{run.pk}"]').count() == 1
    assert page.locator("svg.bars rect[data-value]").count() == 20 + 7
    assert page.locator("svg.lorenz polyline").count() == 1
    assert page.locator("svg.heatmap rect").count() > 0
    # The figures were counted again after the run: every company has suggestions.
    assert "カバー率 100 %" in page.locator("main").inner_text()
    page.wait_for_selector('[data-health="workers"]')
    screenshot("dashboard-ja-01-overview")

    # A run under way: the page follows its progress without being reloaded.
    active = MatchRun.objects.create(
        kind=MatchRun.Kind.FULL, status=MatchRun.Status.RUNNING, blocks_total=8, blocks_done=2
    )
    page.goto(live_server.url + "/ja/dashboard/#runs")
    page.wait_for_selector(f'[data-run-active="{active.pk}"]')
    assert page.locator("#runs progress").get_attribute("value") == "2"
    MatchRun.objects.filter(pk=active.pk).update(blocks_done=6)
    wait_for_value(page.locator("#runs progress"), 6)
    screenshot("dashboard-ja-02-recompute-progress")
    MatchRun.objects.filter(pk=active.pk).update(status=MatchRun.Status.COMPLETE)
    page.wait_for_selector("[data-settled]", timeout=15_000)
    assert page.locator("#runs progress").count() == 0
    assert errors == []
