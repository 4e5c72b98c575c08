"""The suggestions page in a real browser: it follows a computation and reloads when done."""

import pytest
from django.conf import settings
from django.test import Client

from matching.models import MatchRun
from partners.models import Interest
from tests.browser.conftest import wait_for_value
from tests.factories import CompanyFactory, MembershipFactory
from tests.matching.test_suggestions_page import partner, suggest, url

pytestmark = pytest.mark.browser


def signed_in(page, live_server, user):
    """Give the browser the session of ``user`` (signed in by Django's test client)."""
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    page.context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": live_server.url}])


def test_the_page_follows_a_run_and_shows_the_suggestions_when_it_is_done(page, live_server):
    viewer = CompanyFactory(key="viewer", industry="C")
    user = MembershipFactory(company=viewer).user
    run = MatchRun.objects.create(
        kind=MatchRun.Kind.FULL, status=MatchRun.Status.RUNNING, blocks_total=4, blocks_done=1
    )
    signed_in(page, live_server, user)
    errors = []
    page.on("pageerror", lambda error: errors.append(error))

    page.goto(live_server.url + url("suggestions"))
    assert page.locator("progress.run-progress").get_attribute("value") == "0.250"

    MatchRun.objects.filter(pk=run.pk).update(blocks_done=3)
    wait_for_value(page.locator("progress.run-progress"), 0.75)
    run.status = MatchRun.Status.COMPLETE
    run.save()
    suggest(viewer, partner("shop", industry="G"), run=run)

    page.wait_for_selector("#suggestion-shop", timeout=10_000)
    assert page.locator("progress").count() == 0
    assert errors == []


def test_a_refresh_over_a_shown_list_offers_the_new_one_without_reloading(page, live_server):
    viewer = CompanyFactory(key="viewer", industry="C")
    user = MembershipFactory(company=viewer).user
    suggest(viewer, partner("shop", industry="G"))
    run = MatchRun.objects.create(kind=MatchRun.Kind.FULL, status=MatchRun.Status.RUNNING)
    signed_in(page, live_server, user)

    page.goto(live_server.url + url("suggestions"))
    page.get_by_text("Express interest").click()
    page.fill("#id_shop_interest_message", "Typed, not yet sent")
    run.status = MatchRun.Status.COMPLETE
    run.save()
    suggest(viewer, partner("lab", industry="M"), run=run)

    ready = page.locator("[data-ready] a")
    ready.wait_for(timeout=10_000)
    assert ready.inner_text() == "Show them"
    # Nothing was reloaded under the member's hands.
    assert page.input_value("#id_shop_interest_message") == "Typed, not yet sent"
    ready.click()
    page.wait_for_selector("#suggestion-lab")


@pytest.mark.parametrize("lang", ["en", "ja"])
def test_dismiss_undo_then_express_interest_and_withdraw_it(lang, page, live_server, screenshot):
    """A member dismisses a suggestion, takes it back from the list of dismissed
    companies (and once more from the message right after dismissing), then expresses
    interest in it and withdraws that interest while it waits for an answer."""
    viewer = CompanyFactory(key="viewer", industry="C", language=lang)
    user = MembershipFactory(company=viewer).user
    shop_member = MembershipFactory(company=partner("shop", industry="G")).user
    suggest(viewer, shop_member.companies.get(), partner("lab", industry="M"))
    signed_in(page, live_server, user)
    errors = []
    page.on("pageerror", lambda error: errors.append(error))
    base = live_server.url
    card = "#suggestion-shop"

    def dismiss_shop():
        page.locator(f"{card} .action--dismiss summary").click()
        page.locator(f"{card} .action--dismiss button[type=submit]").click()
        page.wait_for_load_state()
        assert page.locator(card).count() == 0

    # Dismiss, then find it in the list of dismissed companies and undo it there.
    page.goto(base + url("suggestions", lang=lang))
    dismiss_shop()
    page.locator("a[data-link=dismissed]").click()
    page.wait_for_selector('[data-dismissed="shop"]')
    screenshot(f"undo-dismissed-list-{lang}")
    page.locator('[data-dismissed="shop"] button[type=submit]').click()
    page.wait_for_selector("[data-state=none-dismissed]")
    page.goto(base + url("suggestions", lang=lang))
    page.wait_for_selector(card)

    # Dismiss again, and undo it from the message right after.
    dismiss_shop()
    undo = page.locator(".messages form.message__undo button")
    screenshot(f"undo-dismiss-message-{lang}")
    undo.click()
    page.wait_for_selector(card)

    # Express interest, then withdraw it from the interests sent.
    page.locator(f"{card} .action--interest summary").click()
    page.fill("#id_shop_interest_message", "Let us talk")
    page.locator(f"{card} .action--interest button[type=submit]").click()
    page.wait_for_selector(f"{card} .interest-state--pending")
    page.goto(base + f"/{lang}/interests/?box=sent")
    withdraw = page.locator("form[action*='/withdraw/'] button")
    screenshot(f"withdraw-interest-{lang}")
    withdraw.click()
    page.wait_for_load_state()
    assert page.locator("form[action*='/withdraw/']").count() == 0
    assert page.locator(".messages .message--success").count() == 1

    # The recipient no longer sees it; the member may express interest again.
    assert not Interest.objects.exists()
    page.goto(base + url("suggestions", lang=lang))
    assert page.locator(f"{card} .action--interest").count() == 1
    assert errors == []
