"""The account page where members make, see and revoke their API tokens."""

import pytest
from django.test import Client
from django.urls import reverse

from partners.models import ApiToken
from partners.services.tokens import MAX_ACTIVE_TOKENS, api_token_create

pytestmark = pytest.mark.django_db
PAGE = "/en/account/tokens/"


@pytest.fixture
def browser(client, member):
    client.force_login(member)
    return client


def test_the_page_needs_a_signed_in_member(client):
    response = client.get(PAGE)

    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_the_company_settings_link_to_the_page_and_the_header_no_longer_does(browser):
    settings_page = browser.get("/en/company/settings/").content.decode()
    directory = browser.get("/en/companies/").content.decode()  # the header, nothing else

    assert f'href="{PAGE}"' in settings_page
    assert f'href="{PAGE}"' not in directory
    assert 'href="/en/company/webhooks/"' not in directory


def test_a_new_token_is_shown_exactly_once(browser, member):
    response = browser.post(PAGE, {"name": "CRM sync"}, follow=True)

    token = ApiToken.objects.get(user=member)
    shown = response.context["new_token"]["text"]
    assert token.name == "CRM sync"
    assert shown.startswith(f"kyo_{token.prefix}_")
    assert shown in response.content.decode()
    assert "shown only this once" in response.content.decode()
    again = browser.get(PAGE).content.decode()
    assert shown not in again
    assert f"kyo_{token.prefix}_…" in again


def test_the_plain_token_works_against_the_api(browser, member, company):
    response = browser.post(PAGE, {"name": "CRM sync"}, follow=True)
    text = response.context["new_token"]["text"]

    answer = Client().get("/api/v1/company/", HTTP_AUTHORIZATION=f"Bearer {text}")

    assert answer.status_code == 200


def test_the_list_shows_name_prefix_created_and_last_used(browser, member):
    token = api_token_create(user=member, name="Nightly export")[0]

    page = browser.get(PAGE).content.decode()

    assert "Nightly export" in page
    assert token.prefix in page
    assert "Never" in page


@pytest.mark.parametrize(
    ("name", "message"),
    [("", "Give the token a name."), ("x" * 81, "at most 80 characters")],
)
def test_a_bad_name_is_refused_with_a_clear_message(browser, member, name, message):
    response = browser.post(PAGE, {"name": name})

    assert response.status_code == 200
    assert message in response.content.decode()
    assert not ApiToken.objects.filter(user=member).exists()


def test_the_twenty_first_active_token_is_refused(browser, member):
    for n in range(MAX_ACTIVE_TOKENS):
        api_token_create(user=member, name=f"t{n}")

    response = browser.post(PAGE, {"name": "one more"})

    assert "20 active tokens" in response.content.decode()
    assert ApiToken.objects.filter(user=member).count() == MAX_ACTIVE_TOKENS


def test_revoking_asks_first_then_revokes_on_post(browser, member):
    token = api_token_create(user=member, name="old")[0]
    url = reverse("partners:api_token_revoke", args=[token.pk])

    confirm = browser.get(url)
    token.refresh_from_db()
    assert confirm.status_code == 200
    assert "cannot be undone" in confirm.content.decode()
    assert token.active

    response = browser.post(url, follow=True)
    token.refresh_from_db()
    assert not token.active
    assert "was revoked" in response.content.decode()


def test_revoking_needs_the_csrf_token(member):
    token = api_token_create(user=member, name="old")[0]
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(member)

    response = browser.post(reverse("partners:api_token_revoke", args=[token.pk]))

    token.refresh_from_db()
    assert response.status_code == 403
    assert token.active


def test_making_a_token_needs_the_csrf_token(member):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(member)

    assert browser.post(PAGE, {"name": "x"}).status_code == 403
    assert not ApiToken.objects.exists()


def test_another_users_token_cannot_be_seen_or_revoked(browser, outsider):
    theirs = api_token_create(user=outsider, name="theirs")[0]
    url = reverse("partners:api_token_revoke", args=[theirs.pk])

    assert browser.get(url).status_code == 404
    assert browser.post(url).status_code == 404
    theirs.refresh_from_db()
    assert theirs.active
    assert "theirs" not in browser.get(PAGE).content.decode()


def test_the_page_works_in_japanese(browser):
    response = browser.get("/ja/account/tokens/")

    assert response.status_code == 200
