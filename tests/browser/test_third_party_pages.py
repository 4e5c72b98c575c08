"""Pages drawn by others' code (Swagger UI, the Django admin, allauth) work in headless
Chromium under the site's Content Security Policy: the browser blocks nothing."""

import pytest

from tests.browser.test_suggestions_journey import signed_in
from tests.factories import CompanyFactory, UserFactory

pytestmark = pytest.mark.browser


@pytest.fixture
def violations(page):
    """What the browser refused or failed to run, collected from every page it opens."""
    found = []
    page.on("pageerror", lambda error: found.append(str(error)))
    page.on(
        "console",
        lambda message: "Content Security Policy" in message.text and found.append(message.text),
    )
    return found


def test_the_api_docs_draw_every_operation(page, live_server, violations, screenshot):
    page.goto(live_server.url + "/api/docs/")
    page.wait_for_selector(".opblock")
    assert page.locator(".opblock").count() > 20
    screenshot("api-docs")
    assert violations == []


def test_staff_use_the_admin(page, live_server, violations):
    company = CompanyFactory(key="ours")
    signed_in(page, live_server, UserFactory(is_staff=True, is_superuser=True))

    page.goto(live_server.url + "/en/admin/partners/company/")
    page.locator("#action-toggle").check()  # the admin's own script selects every row
    assert page.locator(".action-counter").inner_text().startswith("1 of 1")
    page.goto(live_server.url + f"/en/admin/partners/company/{company.pk}/change/")
    page.wait_for_selector("#company_form")
    assert violations == []


def test_members_manage_their_e_mail_addresses(page, live_server, violations):
    signed_in(page, live_server, UserFactory())
    page.goto(live_server.url + "/en/accounts/email/")
    page.wait_for_selector("form")
    assert violations == []
