"""A company's owner invites a colleague, who signs up through the link and joins, in a
real browser, in Japanese and in English.

The owner signs in through the real login page, opens the team page from the company
page and sends an invitation. The colleague, in a browser of their own, opens the
link from the e-mail, creates an account with the invited address (no second
confirmation e-mail: the link proved the address), comes back to the invitation,
joins, and finds the company as theirs. The owner then sees them in the team.
Screenshots go to ``artifacts/team-<language>-*.png``.
"""

import re

import pytest
from django.utils import translation

from partners.models import Invitation, Membership
from tests.browser.conftest import ARTIFACTS
from tests.factories import CompanyFactory, MembershipFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct horse battery staple"  # the factories' password
COLLEAGUE_PASSWORD = "kyodo-no-tsubasa-2026"

JOURNEYS = {
    "en": {"company": "Maker Precision", "owner": "owner@maker.example"},
    "ja": {"company": "精密工業株式会社", "owner": "shacho@seimitsu.example"},
}


def t(lang: str, message: str, **params) -> str:
    """``message`` as the pages in ``lang`` show it; in Japanese it must be translated."""
    with translation.override(lang):
        text = translation.gettext(message)
    if lang != "en":
        assert text != message, f"not translated into {lang}: {message!r}"
    return text % params if params else text


def new_page(browser, lang: str):
    context = browser.new_context(
        viewport={"width": 1280, "height": 900}, locale="ja-JP" if lang == "ja" else "en-US"
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    return page


def shot(page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def sign_in(page, base: str, lang: str, email: str) -> None:
    page.goto(f"{base}/{lang}/accounts/login/")
    page.locator("input[name=login]").fill(email)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("form:has(input[name=password]) button[type=submit]").click()
    page.locator("form[action*='/accounts/logout/']").wait_for()


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_an_owner_invites_a_colleague_who_signs_up_and_joins(
    lang, browser, live_server, mailoutbox
):
    texts = JOURNEYS[lang]
    colleague = f"colleague-{lang}@maker.example"
    company = CompanyFactory(key=f"maker-{lang}", name=texts["company"], language=lang)
    MembershipFactory(company=company, role="owner", user__email=texts["owner"])
    base = live_server.url
    errors = []
    owner_page, colleague_page = new_page(browser, lang), new_page(browser, lang)
    for page in (owner_page, colleague_page):
        page.on("pageerror", lambda error: errors.append(error))
    try:
        # The owner opens the team page from the company page and invites a colleague.
        sign_in(owner_page, base, lang, texts["owner"])
        owner_page.goto(f"{base}/{lang}/companies/{company.key}/")
        owner_page.get_by_role("link", name=t(lang, "Team"), exact=True).click()
        owner_page.get_by_role("heading", name=t(lang, "Invite a colleague")).wait_for()
        owner_page.get_by_label(t(lang, "Colleague's e-mail address")).fill(colleague)
        owner_page.locator("#id_role").select_option("member")
        owner_page.get_by_role("button", name=t(lang, "Send invitation")).click()
        owner_page.get_by_text(t(lang, "An invitation was sent to %(email)s.", email=colleague))
        pending = owner_page.get_by_test_id("team-invitation")
        assert pending.count() == 1 and colleague in pending.inner_text()
        shot(owner_page, f"team-{lang}-01-invitation-sent")

        # The e-mail, in the language of the page the owner used, carries the link.
        assert len(mailoutbox) == 1
        message = mailoutbox[0]
        assert message.to == [colleague]
        assert texts["company"] in message.subject
        assert message.subject == t(
            lang, "You are invited to join %(company)s on Kyoso", company=texts["company"]
        )
        link = re.search(rf"https?://\S+/{lang}/invitations/\S+/", message.body).group(0)
        path = link.split("/", 3)[3]

        # The colleague opens it signed out: the page offers to create an account.
        colleague_page.goto(f"{base}/{path}")
        join_heading = t(lang, "Join %(company)s on Kyoso", company=texts["company"])
        colleague_page.get_by_role("heading", name=join_heading).wait_for()
        shot(colleague_page, f"team-{lang}-02-invitation-signed-out")
        colleague_page.get_by_role("link", name=t(lang, "Create an account")).click()

        # Sign-up, with the invited address already filled in; back to the invitation.
        signup = colleague_page.locator("form[action*='/accounts/signup/']")
        signup.wait_for()
        assert colleague_page.locator("input[name=email]").input_value() == colleague
        colleague_page.locator("#id_password1").fill(COLLEAGUE_PASSWORD)
        colleague_page.locator("#id_password2").fill(COLLEAGUE_PASSWORD)
        for box in signup.locator("input[type=checkbox]").all():  # consent, if asked
            box.check()
        signup.locator("button[type=submit]").click()
        join = colleague_page.get_by_role(
            "button", name=t(lang, "Join %(company)s", company=texts["company"])
        )
        join.wait_for()
        assert len(mailoutbox) == 1  # no confirmation e-mail: the link proved the address
        shot(colleague_page, f"team-{lang}-03-invitation-signed-in")
        join.click()

        # The colleague is in: the company page is theirs, with its team link.
        colleague_page.locator("h1.company__name", has_text=texts["company"]).wait_for()
        colleague_page.get_by_text(
            t(lang, "Welcome to the team of %(company)s.", company=texts["company"])
        ).wait_for()
        my_company = colleague_page.get_by_role("link", name=t(lang, "My company"))
        assert my_company.get_attribute("href") == f"/{lang}/companies/{company.key}/"
        assert colleague_page.locator("[data-team-link]").count() == 1
        shot(colleague_page, f"team-{lang}-04-joined")

        # The owner sees the colleague in the team, and no invitation waiting.
        owner_page.reload()
        members = owner_page.get_by_test_id("team-member")
        members.nth(1).wait_for()
        assert colleague in members.nth(1).inner_text()
        assert t(lang, "Member") in members.nth(1).inner_text()
        assert owner_page.get_by_test_id("team-invitation").count() == 0
        shot(owner_page, f"team-{lang}-05-team")
    finally:
        for page in (owner_page, colleague_page):
            page.context.close()
    assert not errors
    membership = Membership.objects.get(user__email=colleague)
    assert (membership.company, membership.role) == (company, "member")
    assert Invitation.objects.get().accepted_by == membership.user
