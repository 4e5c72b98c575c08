"""Undoing a dismissal: the service, the list of dismissed companies, the "Undo" offered
right after dismissing, and the API's list and DELETE."""

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from rest_framework.test import APIClient

from matching.models import Dismissal
from matching.selectors.browsing import suggestions_browse
from matching.services.feedback import dismissal_undo, suggestion_dismiss
from tests.factories import CompanyFactory, MembershipFactory, UserFactory
from tests.matching.test_suggestions_page import keys, partner, suggest, text_of, url

API = "/api/v1/suggestions/"


@pytest.fixture
def viewer(db):
    return CompanyFactory(key="viewer", name="Viewer Textiles", industry="C")


@pytest.fixture
def member(viewer):
    return MembershipFactory(company=viewer, role="member").user


@pytest.fixture
def outsider(db):
    return MembershipFactory(company=CompanyFactory(key="elsewhere")).user


@pytest.fixture
def shop(viewer):
    shop = partner("shop", industry="G")
    suggest(viewer, shop, partner("lab", industry="M"))
    return shop


def messages_of(response) -> list[str]:
    return [str(m) for m in response.context["messages"]] if response.context else []


# --- The service --------------------------------------------------------------------------------


def test_undoing_a_dismissal_brings_the_partner_back_at_once(viewer, member, shop):
    suggestion_dismiss(user=member, company=viewer, partner=shop, reason="not_now")
    assert keys(suggestions_browse(company=viewer)) == ["lab"]

    assert dismissal_undo(user=member, company=viewer, partner=shop) is True

    assert keys(suggestions_browse(company=viewer)) == ["shop", "lab"]
    assert not Dismissal.objects.exists()
    # Twice is harmless, and the partner may be dismissed again.
    assert dismissal_undo(user=member, company=viewer, partner=shop) is False
    suggestion_dismiss(user=member, company=viewer, partner=shop)
    assert keys(suggestions_browse(company=viewer)) == ["lab"]


def test_only_members_may_undo_a_dismissal(viewer, member, outsider, shop):
    suggestion_dismiss(user=member, company=viewer, partner=shop)

    with pytest.raises(ValidationError) as caught:
        dismissal_undo(user=outsider, company=viewer, partner=shop)

    assert caught.value.error_list[0].code == "not_member"
    assert Dismissal.objects.filter(company=viewer, partner=shop).exists()


# --- The pages ----------------------------------------------------------------------------------


def test_the_suggestions_page_links_to_the_dismissed_list(client, member, shop):
    client.force_login(member)

    html = client.get(url("suggestions")).content.decode()

    assert f'href="{url("dismissed")}"' in html


def test_the_dismissed_list_says_when_it_is_empty(client, member, shop):
    client.force_login(member)

    response = client.get(url("dismissed"))

    assert response.status_code == 200
    assert "You have not dismissed any company." in text_of(response.content.decode())


def test_the_dismissed_list_shows_the_companys_dismissals_in_pages(client, viewer, member):
    partners = [partner(f"p{n:02}", industry="G") for n in range(12)]
    suggest(viewer, *partners)
    for other in partners:
        suggestion_dismiss(user=member, company=viewer, partner=other, reason="known")
    someone_else = CompanyFactory(key="someone")
    Dismissal.objects.create(company=someone_else, partner=partners[0])
    client.force_login(member)

    first = client.get(url("dismissed")).content.decode()
    second = client.get(url("dismissed") + "?page=2").content.decode()

    assert first.count('data-dismissed="') == 10 and second.count('data-dismissed="') == 2
    assert 'data-dismissed="p11"' in first  # newest first
    assert "We already know them" in first
    assert url("dismissal_undo", "p11") in first


def test_the_dismissed_list_is_in_japanese_too(client, viewer, member, shop):
    suggestion_dismiss(user=member, company=viewer, partner=shop)
    client.force_login(member)

    html = client.get(url("dismissed", lang="ja")).content.decode()

    assert "除外した企業" in html and url("dismissal_undo", "shop", lang="ja") in html


def test_undo_from_the_dismissed_list_brings_the_partner_back(client, viewer, member, shop):
    suggestion_dismiss(user=member, company=viewer, partner=shop)
    client.force_login(member)
    back = url("dismissed")

    response = client.post(url("dismissal_undo", "shop"), {"next": back})

    assert response.status_code == 302 and response["Location"] == back
    assert not Dismissal.objects.exists()
    page = client.get(back)
    assert messages_of(page) == ["Shop is back among your suggestions."]
    assert 'id="suggestion-shop"' in client.get(url("suggestions")).content.decode()


def test_the_dismissal_message_offers_to_undo_it(client, viewer, member, shop):
    client.force_login(member)
    back = url("suggestions") + "?sort=name"

    page = client.post(url("suggestion_dismiss", "shop"), {"next": back}, follow=True)

    html = page.content.decode()
    assert 'id="suggestion-shop"' not in html
    undo = url("dismissal_undo", "shop")
    assert f'action="{undo}"' in html and "csrfmiddlewaretoken" in html.split(undo)[1][:300]
    again = client.post(undo, {"next": back}, follow=True)
    assert 'id="suggestion-shop"' in again.content.decode()


def test_undo_is_post_only_with_the_csrf_token_and_signed_in(member, viewer, shop):
    suggestion_dismiss(user=member, company=viewer, partner=shop)
    assert Client().post(url("dismissal_undo", "shop")).status_code == 302  # to sign in
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(member)

    assert browser.get(url("dismissal_undo", "shop")).status_code == 405
    assert browser.post(url("dismissal_undo", "shop"), {}).status_code == 403
    assert Dismissal.objects.exists()


def test_another_companys_member_cannot_undo_and_sees_only_their_own(
    client, viewer, member, outsider, shop
):
    suggestion_dismiss(user=member, company=viewer, partner=shop)
    client.force_login(outsider)

    assert 'data-dismissed="shop"' not in client.get(url("dismissed")).content.decode()
    client.post(url("dismissal_undo", "shop"), {})

    assert Dismissal.objects.filter(company=viewer, partner=shop).exists()


def test_a_user_without_company_is_told_to_create_one(client, db):
    client.force_login(UserFactory())

    assert client.get(url("dismissed")).status_code == 200
    response = client.post(url("dismissal_undo", "shop"), {}, follow=True)
    assert messages_of(response) == ["Create your company profile first."]


# --- The API ------------------------------------------------------------------------------------


@pytest.fixture
def api(member):
    client = APIClient()
    client.force_authenticate(member)
    return client


def test_the_api_lists_dismissals_and_undoes_one(api, viewer, member, shop):
    assert api.post(f"{API}shop/dismiss/", {"reason": "known"}, format="json").status_code == 200

    listed = api.get(f"{API}dismissed/").json()
    assert [(row["partner"], row["reason"]) for row in listed["results"]] == [("shop", "known")]
    assert "shop" not in [row["partner"]["key"] for row in api.get(API).json()["results"]]

    assert api.delete(f"{API}shop/dismiss/").status_code == 204
    assert api.get(f"{API}dismissed/").json()["results"] == []
    assert "shop" in [row["partner"]["key"] for row in api.get(API).json()["results"]]
    assert api.delete(f"{API}shop/dismiss/").status_code == 204  # harmless twice


def test_the_api_undo_tells_nothing_of_unknown_or_hidden_companies(api, viewer, shop):
    hidden = partner("hidden", industry="G", visibility="hidden")

    assert api.delete(f"{API}no-such-company/dismiss/").status_code == 404
    assert api.delete(f"{API}{hidden.key}/dismiss/").status_code == 404


def test_the_api_lists_only_the_requesters_dismissals(db, outsider, viewer, member, shop):
    suggestion_dismiss(user=member, company=viewer, partner=shop)
    client = APIClient()
    client.force_authenticate(outsider)

    assert client.get(f"{API}dismissed/").json()["results"] == []
    assert client.get(f"{API}dismissed/?company=viewer").status_code == 404
    assert client.delete(f"{API}shop/dismiss/?company=viewer").status_code == 404
    assert Dismissal.objects.exists()
