"""A member's own account: consent at sign-up, the terms and privacy pages, a copy of
their data, and deleting the account (with the last-owner rule)."""

import json
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from partners.legal import TERMS_VERSION
from partners.models import (
    Alliance,
    AllianceProposal,
    Company,
    Consent,
    Interest,
    Match,
    Membership,
    Notification,
    User,
)
from partners.services import cocreation
from partners.services.accounts import account_delete, account_deletion_plan, account_export
from tests.factories import CompanyFactory, MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "co-creation rocks 2026"
ACCOUNT_PASSWORD = "correct horse battery staple"  # the factories' password


@pytest.fixture(autouse=True)
def _default_language(settings):
    yield
    translation.activate(settings.LANGUAGE_CODE)


def signup(client, email, *, lang="en", consent=True):
    data = {"email": email, "password1": PASSWORD, "password2": PASSWORD}
    if consent:
        data["consent"] = "on"
    return client.post(f"/{lang}/accounts/signup/", data)


# --- Consent at sign-up ----------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["en", "ja"])
def test_signing_up_with_consent_records_the_version_and_when(client, lang):
    response = signup(client, f"agree-{lang}@example.com", lang=lang)
    assert response.status_code == 302
    consent = Consent.objects.get(user__email=f"agree-{lang}@example.com")
    assert consent.terms_version == TERMS_VERSION and consent.accepted_at is not None


def test_signing_up_without_consent_is_refused_with_a_clear_message(client):
    response = signup(client, "refuse@example.com", consent=False)
    assert response.status_code == 200
    page = response.content.decode()
    assert "To sign up, agree to the Terms of use and the Privacy policy" in page
    assert not User.objects.filter(email="refuse@example.com").exists()
    assert not Consent.objects.exists()


def test_the_refusal_is_in_japanese_on_the_japanese_page(client):
    response = signup(client, "kyohi@example.com", lang="ja", consent=False)
    assert response.status_code == 200
    assert "利用規約とプライバシーポリシーに同意" in response.content.decode()
    assert not User.objects.exists()


def test_the_sign_up_form_links_the_terms_and_the_privacy_policy(client):
    page = client.get("/en/accounts/signup/").content.decode()
    assert 'name="consent"' in page and "required" in page
    assert 'href="/en/terms/"' in page and 'href="/en/privacy/"' in page
    assert "I agree to the" in page


@pytest.mark.parametrize(
    ("path", "heading", "words"),
    [
        ("/en/terms/", "Terms of use", "governed by the law of Japan"),
        ("/ja/terms/", "利用規約", "日本法に準拠"),
        ("/en/privacy/", "Privacy policy", "only by your company's members and by companies"),
        ("/ja/privacy/", "プライバシーポリシー", "自社とマッチした企業"),
    ],
)
def test_the_legal_pages_are_public_in_both_languages(client, path, heading, words):
    response = client.get(path)
    assert response.status_code == 200
    page = response.content.decode()
    assert heading in page and words in page and TERMS_VERSION in page


def test_every_page_links_the_terms_and_privacy_policy_in_its_footer(client, owner):
    client.force_login(owner)
    page = client.get("/en/companies/").content.decode()
    footer = page[page.index('class="site-footer"') :]
    assert 'href="/en/terms/"' in footer and 'href="/en/privacy/"' in footer


# --- Export ----------------------------------------------------------------------------------


@pytest.fixture
def world():
    """The member's company A with a colleague, matched with M (a proposal and an
    alliance); B is a stranger with a private contact and a pending interest elsewhere."""
    a = CompanyFactory(key="a-co", name="A Co", contact_email="a@a.example")
    m = CompanyFactory(key="m-co", name="M Co", contact_email="m@m.example")
    b = CompanyFactory(key="b-co", name="B Co", contact_email="b-secret@b.example")
    me = MembershipFactory(company=a, role="owner").user
    colleague = MembershipFactory(company=a, role="member").user
    m_user = MembershipFactory(company=m).user
    b_user = MembershipFactory(company=b).user
    cocreation.interest_send(user=me, sender=a, recipient=m, message="hello M 1111")
    cocreation.interest_send(user=m_user, sender=m, recipient=a, message="hello A 2222")
    cocreation.interest_send(user=b_user, sender=b, recipient=m, message="B to M private 3333")
    match = cocreation.match_between(a, m)
    terms = {"shared_goal": "Shared goal 4444", "starts_on": date(2027, 4, 1), "duration_months": 6}
    first = cocreation.proposal_create(user=m_user, match=match, company=m, data=terms)
    cocreation.proposal_accept(user=me, proposal=first)
    return {"a": a, "m": m, "b": b, "me": me, "colleague": colleague, "b_user": b_user}


def test_the_export_holds_the_members_account_companies_and_activity(world):
    data = account_export(user=world["me"])
    text = json.dumps(data, ensure_ascii=False)
    assert data["format"] == "kyoso-account-export/1"
    assert data["user"]["email"] == world["me"].email
    [company] = data["companies"]
    assert company["role"] == "owner"
    assert company["profile"]["format"] == "alliance-companies/1"
    assert company["profile"]["record"]["key"] == "a-co"
    assert company["contact"]["contact_email"] == "a@a.example"
    assert {i["message"] for i in company["interests_sent"]} == {"hello M 1111"}
    assert {i["message"] for i in company["interests_received"]} == {"hello A 2222"}
    [match] = company["matches"]
    assert match["partner"]["key"] == "m-co" and match["partner"]["contact_email"] == "m@m.example"
    assert match["proposals"][0]["shared_goal"] == "Shared goal 4444"
    assert match["alliances"][0]["shared_goal"] == "Shared goal 4444"
    assert data["notifications"], "the member's notifications are in it"
    assert "Shared goal 4444" in text


def test_the_export_leaves_out_secrets_and_others_private_data(world):
    text = json.dumps(account_export(user=world["me"]), ensure_ascii=False)
    assert "password" not in text and "pbkdf2" not in text
    assert world["colleague"].email not in text  # another member's account
    assert "b-secret@b.example" not in text  # a stranger's contact details
    assert "B to M private 3333" not in text  # an interest between two other companies
    assert world["b_user"].email not in text


def test_the_account_data_page_downloads_a_json_attachment(client, world):
    client.force_login(world["me"])
    assert "Download my data" in client.get("/en/account/data/").content.decode()
    response = client.post("/en/account/data/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert response["Content-Disposition"].startswith('attachment; filename="kyoso-account-')
    assert json.loads(response.content)["user"]["email"] == world["me"].email
    assert "no-store" in response.get("Cache-Control", "") or "no-cache" in response.get(
        "Cache-Control", ""
    )


def test_the_account_data_page_needs_a_signed_in_user(client):
    response = client.post("/en/account/data/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


# --- Deletion --------------------------------------------------------------------------------


def refusal(action) -> str:
    with pytest.raises(ValidationError) as caught:
        action()
    return " ".join(caught.value.messages)


def test_the_last_owner_of_a_company_with_members_cannot_delete_the_account(world):
    me = world["me"]
    message = refusal(lambda: account_delete(user=me, confirmation=me.email))
    assert "You are the last owner of A Co" in message
    assert "Make another member owner first" in message
    assert User.objects.filter(pk=me.pk).exists()
    assert Membership.objects.filter(user=me, role="owner").exists()


def test_the_last_owner_may_go_once_another_member_is_owner(world):
    me, colleague = world["me"], world["colleague"]
    Membership.objects.filter(user=colleague).update(role="owner")
    account_delete(user=me, confirmation=me.email)
    assert not User.objects.filter(pk=me.pk).exists()
    assert Company.objects.filter(key="a-co").exists()
    assert list(Membership.objects.filter(company=world["a"]).values_list("user", flat=True)) == [
        colleague.pk
    ]


def test_a_plain_member_leaves_cleanly(world):
    colleague = world["colleague"]
    plan = account_deletion_plan(user=colleague)
    assert [c.key for c in plan.left] == ["a-co"] and not plan.blocking and not plan.deleted
    account_delete(user=colleague, confirmation=ACCOUNT_PASSWORD)
    assert not User.objects.filter(pk=colleague.pk).exists()
    a = Company.objects.get(key="a-co")
    assert Membership.objects.filter(company=a, user=world["me"], role="owner").exists()
    assert Match.objects.count() == 1 and Alliance.objects.count() == 1


def test_the_sole_member_deletes_the_company_with_the_account(world):
    m_user = User.objects.get(memberships__company=world["m"])
    plan = account_deletion_plan(user=m_user)
    assert [c.key for c in plan.deleted] == ["m-co"]
    message = refusal(lambda: account_delete(user=m_user, confirmation=m_user.email))
    assert "You are the only member of M Co" in message
    assert Company.objects.filter(key="m-co").exists()

    deleted = account_delete(user=m_user, confirmation=m_user.email, delete_companies=True)
    assert deleted == ["M Co"]
    assert not User.objects.filter(pk=m_user.pk).exists()
    assert not Company.objects.filter(key="m-co").exists()
    # Its interests, match, proposals, alliance and the notifications about it go too.
    assert not Interest.objects.filter(recipient__key="m-co").exists()
    assert not Match.objects.exists() and not AllianceProposal.objects.exists()
    assert not Alliance.objects.exists()
    assert not Notification.objects.filter(other_id=world["m"].pk).exists()
    # The partner keeps its own profile and members.
    assert Membership.objects.filter(company=world["a"]).count() == 2


def test_deletion_needs_the_email_or_the_password(world):
    colleague = world["colleague"]
    message = refusal(lambda: account_delete(user=colleague, confirmation="not me"))
    assert "Type your e-mail address or your password to confirm." in message
    assert User.objects.filter(pk=colleague.pk).exists()


def test_the_delete_page_explains_the_last_owner_rule_and_offers_no_button(client, world):
    client.force_login(world["me"])
    page = client.get("/en/account/delete/").content.decode()
    assert "data-deletion-blocked" in page and "A Co" in page
    assert "make another member owner, or delete the company" in page
    assert "data-delete-account" not in page
    response = client.post("/en/account/delete/", {"confirmation": world["me"].email})
    assert response.status_code == 200
    assert User.objects.filter(pk=world["me"].pk).exists()


def test_the_delete_page_lists_what_goes_with_a_sole_members_company(client, world):
    m_user = User.objects.get(memberships__company=world["m"])
    client.force_login(m_user)
    page = client.get("/en/account/delete/").content.decode()
    assert "data-deletion-companies" in page and "M Co" in page
    assert "interests sent and received, matches, alliance proposals" in page
    response = client.post(
        "/en/account/delete/", {"confirmation": m_user.email, "delete_companies": "on"}
    )
    assert response.status_code == 302 and response["Location"] == "/en/"
    assert not User.objects.filter(pk=m_user.pk).exists()
    assert not Company.objects.filter(key="m-co").exists()
    assert "_auth_user_id" not in client.session  # signed out


def test_a_user_without_a_company_deletes_the_account_with_the_password(client):
    loner = UserFactory()
    client.force_login(loner)
    response = client.post("/en/account/delete/", {"confirmation": ACCOUNT_PASSWORD})
    assert response.status_code == 302
    assert not User.objects.filter(pk=loner.pk).exists()


# --- Deleting a company ----------------------------------------------------------------------


def test_the_last_owner_deletes_the_company_then_the_account(client, world):
    me, colleague = world["me"], world["colleague"]
    client.force_login(me)
    page = client.get("/en/account/delete/").content.decode()
    assert 'href="/en/companies/a-co/delete/"' in page
    response = client.post("/en/companies/a-co/delete/", {"confirmation": "A Cop"})
    assert response.status_code == 200
    assert "Type the company&#x27;s name, A Co, to confirm." in response.content.decode()
    assert Company.objects.filter(key="a-co").exists()

    response = client.post("/en/companies/a-co/delete/", {"confirmation": "A Co"})
    assert response.status_code == 302
    assert not Company.objects.filter(key="a-co").exists()
    assert not Match.objects.exists() and not Alliance.objects.exists()
    assert User.objects.filter(pk=colleague.pk).exists()  # members keep their accounts
    assert Company.objects.filter(key="m-co").exists()  # the partner stays
    account_delete(user=me, confirmation=me.email)
    assert not User.objects.filter(pk=me.pk).exists()


def test_a_plain_member_cannot_delete_the_company(client, world):
    client.force_login(world["colleague"])
    page = client.get("/en/companies/a-co/delete/").content.decode()
    assert "Only an owner of the company can delete it." in page
    assert "data-delete-company" not in page
    response = client.post("/en/companies/a-co/delete/", {"confirmation": "A Co"})
    assert response.status_code == 200
    assert Company.objects.filter(key="a-co").exists()


def test_an_outsider_does_not_learn_the_company_exists(client, world):
    client.force_login(world["b_user"])
    assert client.get("/en/companies/a-co/delete/").status_code == 404
    assert client.post("/en/companies/a-co/delete/", {"confirmation": "A Co"}).status_code == 404
    assert Company.objects.filter(key="a-co").exists()
