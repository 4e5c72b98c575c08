"""A member's header and home in a real browser: the main navigation fits one line at
1,280 px in English and Japanese, and the home says what waits."""

import pytest

from partners.services import cocreation
from tests.browser.test_cocreation_journey import sign_in
from tests.factories import CompanyFactory, MembershipFactory, suggestions_make

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def member(db):
    """A member of a company with a long name, something waiting, and staff rights (the
    longest header: every item, the dashboard too)."""
    ours = CompanyFactory(key="ours", name="佐藤テキスタイル株式会社 Sato Textile Co., Ltd.")
    user = MembershipFactory(company=ours).user
    user.is_staff = True
    user.save(update_fields=["is_staff"])
    admirer = CompanyFactory(key="admirer", name="Admirer Retail", industry="G")
    suggestions_make(ours, admirer)
    owner = MembershipFactory(company=admirer).user
    cocreation.interest_send(user=owner, sender=admirer, recipient=ours)
    return user


def nav_item_tops(page) -> list[float]:
    items = page.locator("nav.site-nav > ul > li")
    assert items.count() >= 6
    return [items.nth(n).bounding_box()["y"] for n in range(items.count())]


@pytest.mark.parametrize("lang", ["en", "ja"])
def test_the_navigation_fits_one_line_at_1280_px(page, live_server, member, lang, screenshot):
    page.set_viewport_size({"width": 1280, "height": 900})
    sign_in(page, live_server.url, lang, member.email)

    page.goto(f"{live_server.url}/{lang}/")
    page.locator("[data-waiting='received']").wait_for()
    screenshot(f"home-waiting-{lang}")

    tops = nav_item_tops(page)
    assert max(tops) - min(tops) < 2, tops  # one line: every item at the same top
    header = page.locator(".site-header__inner").bounding_box()
    assert header["height"] < 90, header  # brand, navigation and languages side by side
    names = page.locator("nav.site-nav").inner_text()
    assert ("API" not in names) and ("Webhook" not in names)
