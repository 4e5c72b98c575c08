"""A newcomer signs up agreeing to the terms (in English and in Japanese), downloads a
copy of their data and deletes their account; a company hidden by staff asks for a
review."""

import json
import re
from pathlib import Path

import pytest

from partners.legal import TERMS_VERSION
from partners.models import Consent, Membership, ReviewRequest, User
from partners.services.reports import company_hide_for_reports
from tests.factories import CompanyFactory, MembershipFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "kyoso-doui-2026!"

LABELS = {
    "en": {
        "signup": "Sign up",
        "button": "Sign Up",
        "consent": "I agree to the Terms of use and the Privacy policy.",
        "confirm": "Confirm",
        "sign_out": "Sign out",
    },
    "ja": {
        "signup": "新規登録",
        "button": None,  # allauth's own label, read from the page
        "consent": "利用規約とプライバシーポリシーに同意します。",
        "confirm": None,
        "sign_out": "ログアウト",
    },
}


def sign_up(page, live_server, mailoutbox, email, lang, screenshot):
    labels = LABELS[lang]
    page.goto(f"{live_server.url}/{lang}/accounts/signup/")
    page.locator("#id_email").fill(email)
    page.locator("#id_password1").fill(PASSWORD)
    page.locator("#id_password2").fill(PASSWORD)
    consent = page.get_by_label(labels["consent"])
    # The box links both documents.
    assert page.locator("#id_consent_field a[href$='/terms/']").count() == 1
    assert page.locator("#id_consent_field a[href$='/privacy/']").count() == 1
    submit = page.locator("form[action$='/accounts/signup/'] button[type=submit]")
    # Without the tick the browser does not send the form; no account is made.
    submit.click()
    assert consent.evaluate("box => box.validity.valueMissing")
    assert not User.objects.filter(email=email).exists()
    consent.check()
    screenshot(f"acc-01-signup-consent-{lang}")
    submit.click()
    page.wait_for_url("**/accounts/confirm-email/")
    link = re.search(r"https?://\S+/confirm-email/\S+/", mailoutbox[-1].body).group(0)
    page.goto(link)
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_url(lambda address: "confirm-email" not in address)
    page.locator(".site-nav form[action$='/accounts/logout/'] button").wait_for()


@pytest.mark.parametrize("lang", ["en", "ja"])
def test_signing_up_records_the_consent(page, live_server, mailoutbox, screenshot, lang):
    email = f"consent-{lang}@example.com"
    sign_up(page, live_server, mailoutbox, email, lang, screenshot)
    consent = Consent.objects.get(user__email=email)
    assert consent.terms_version == TERMS_VERSION
    # The footer leads to both documents, in the page's language.
    page.locator(".site-footer a[href$='/privacy/']").click()
    page.locator(f"[data-legal='privacy'][data-terms-version='{TERMS_VERSION}']").wait_for()
    assert page.url.endswith(f"/{lang}/privacy/")
    screenshot(f"acc-02-privacy-{lang}")


def test_a_member_downloads_the_data_and_deletes_the_account(
    page, live_server, mailoutbox, screenshot
):
    email = "leaving@example.com"
    sign_up(page, live_server, mailoutbox, email, "en", screenshot)
    page.goto(f"{live_server.url}/en/accounts/email/")
    page.locator(".account-nav").get_by_role("link", name="Your data").click()
    screenshot("acc-03-your-data-en")
    with page.expect_download() as caught:
        page.get_by_role("button", name="Download my data (JSON)").click()
    download = caught.value
    assert re.fullmatch(r"kyoso-account-\d{8}\.json", download.suggested_filename)
    data = json.loads(Path(download.path()).read_text(encoding="utf-8"))
    assert data["user"]["email"] == email
    assert data["user"]["consents"][0]["terms_version"] == TERMS_VERSION

    page.locator(".account-nav").get_by_role("link", name="Delete account").click()
    page.get_by_label("Your e-mail address or password").fill("someone-else@example.com")
    page.get_by_role("button", name="Delete my account").click()
    page.get_by_text("Type your e-mail address or your password to confirm.").first.wait_for()
    assert User.objects.filter(email=email).exists()
    page.get_by_label("Your e-mail address or password").fill(email)
    screenshot("acc-04-delete-account-en")
    page.get_by_role("button", name="Delete my account").click()
    page.get_by_text("Your account was deleted. Thank you for using Kyoso.").wait_for()
    assert not User.objects.filter(email=email).exists()
    screenshot("acc-05-deleted-en")


def test_a_company_hidden_by_staff_asks_for_a_review(page, live_server, screenshot):
    company = CompanyFactory(key="hidden-works", name="Hidden Works")
    owner = MembershipFactory(company=company, role=Membership.Role.OWNER).user
    company_hide_for_reports(
        staff=UserFactory(is_staff=True), company=company, reason="Misleading figures."
    )
    page.goto(f"{live_server.url}/ja/accounts/login/")
    page.locator("#id_login").fill(owner.email)
    page.locator("#id_password").fill("correct horse battery staple")
    page.locator("form[action$='/accounts/login/'] button[type=submit]").click()
    page.locator(".site-nav form[action$='/accounts/logout/'] button").wait_for()
    page.goto(f"{live_server.url}/ja/companies/hidden-works/")
    page.locator("[data-hidden-by-staff]").wait_for()
    page.get_by_label("何を修正しましたか？（任意）").fill("数値を修正しました。")
    screenshot("acc-06-hidden-review-ja")
    page.get_by_role("button", name="運営スタッフに再確認を依頼する").click()
    page.locator('[data-review-request="open"]').wait_for()
    assert ReviewRequest.objects.get(company=company).message == "数値を修正しました。"
    screenshot("acc-07-review-requested-ja")
