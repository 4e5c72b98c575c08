"""Kept answers and conditional GET (``alliance.kept``): ETags, 304s, headers, the one
call a page needs, and the versions that writes renew. No mocks: the real database and
the configured cache."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.http import HttpResponse
from django.test import Client, RequestFactory, override_settings
from django.utils import translation
from rest_framework.test import APIClient

from alliance import kept
from matching.services import feedback
from partners.models import Company
from partners.services.tokens import api_token_create
from tests.factories import CompanyFactory, MembershipFactory, suggestions_make

pytestmark = pytest.mark.django_db

API = "/api/v1/suggestions/"
PAGE = "/en/suggestions/"
DIRECTORY = "/en/companies/"
DISMISSED = "/en/suggestions/dismissed/"


@pytest.fixture(autouse=True)
def _fresh():
    cache.clear()
    translation.activate(settings.LANGUAGE_CODE)
    yield
    cache.clear()
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture
def viewer():
    return CompanyFactory(key="viewer", name="Viewer Textiles", industry="C")


@pytest.fixture
def member(viewer):
    return MembershipFactory(company=viewer, role="member").user


@pytest.fixture
def shop(viewer):
    shop = CompanyFactory(key="shop", name="Shop", industry="G", industry_division="")
    lab = CompanyFactory(key="lab", name="Lab", industry="M", industry_division="")
    suggestions_make(viewer, shop, lab)
    return shop


@pytest.fixture
def token_client(member):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {api_token_create(user=member, name='k')[1]}")
    return client


@pytest.fixture
def browser(member):
    client = Client()
    client.force_login(member)
    client.get(PAGE)  # the CSRF cookie the page's forms are signed with
    return client


def vary(response) -> set[str]:
    return {part.strip().lower() for part in response.get("Vary", "").split(",")}


# --- Conditional GET ---------------------------------------------------------------------


def test_an_integration_polling_the_api_gets_304_without_a_body(token_client, shop):
    first = token_client.get(API)
    assert first.status_code == 200
    etag = first["ETag"]

    again = token_client.get(API, HTTP_IF_NONE_MATCH=etag)

    assert again.status_code == 304
    assert again.content == b""
    assert again["ETag"] == etag


def test_the_api_says_private_and_what_it_varies_on(token_client, shop):
    response = token_client.get(API)

    control = {part.strip() for part in response["Cache-Control"].split(",")}
    assert {"private", "no-cache"} <= control
    assert {"authorization", "accept", "accept-language", "cookie"} <= vary(response)


def test_a_dismissal_gives_the_api_a_new_etag_and_body(token_client, member, viewer, shop):
    etag = token_client.get(API)["ETag"]
    feedback.suggestion_dismiss(user=member, company=viewer, partner=shop, reason="known")

    response = token_client.get(API, HTTP_IF_NONE_MATCH=etag)

    assert response.status_code == 200
    assert response["ETag"] != etag
    assert "shop" not in {row["partner"]["key"] for row in response.json()["results"]}


def test_a_new_list_gives_a_new_etag(token_client, viewer, shop):
    etag = token_client.get(API)["ETag"]
    suggestions_make(viewer, CompanyFactory(key="maker", industry="H", industry_division=""))

    response = token_client.get(API, HTTP_IF_NONE_MATCH=etag)

    assert response.status_code == 200
    assert [row["partner"]["key"] for row in response.json()["results"]] == ["maker"]


def test_languages_and_queries_have_their_own_etags(token_client, shop):
    english = token_client.get(API, HTTP_ACCEPT_LANGUAGE="en")["ETag"]
    japanese = token_client.get(API, HTTP_ACCEPT_LANGUAGE="ja")["ETag"]
    sorted_ = token_client.get(API + "?sort=name", HTTP_ACCEPT_LANGUAGE="en")["ETag"]

    assert len({english, japanese, sorted_}) == 3
    assert (
        token_client.get(API, HTTP_ACCEPT_LANGUAGE="ja", HTTP_IF_NONE_MATCH=english).status_code
        == 200
    )


def test_another_members_etag_is_not_ours(token_client, viewer, shop):
    other = MembershipFactory(company=viewer, role="member").user
    colleague = APIClient()
    colleague.credentials(HTTP_AUTHORIZATION=f"Bearer {api_token_create(user=other, name='o')[1]}")
    etag = colleague.get(API)["ETag"]

    assert token_client.get(API, HTTP_IF_NONE_MATCH=etag).status_code == 200


@pytest.mark.parametrize("path", [PAGE, DIRECTORY, DISMISSED])
def test_pages_answer_304_and_vary_on_the_cookie(browser, shop, path):
    first = browser.get(path)
    assert first.status_code == 200
    assert "private" in first["Cache-Control"]
    assert "cookie" in vary(first)

    again = browser.get(path, HTTP_IF_NONE_MATCH=first["ETag"])

    assert again.status_code == 304
    assert again.content == b""


def test_the_304s_count_against_the_rate_limit(token_client, shop):
    rates = {**settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"], "user": "3/minute"}
    with override_settings(
        REST_FRAMEWORK={**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": rates}
    ):
        etag = token_client.get(API)["ETag"]
        answers = [token_client.get(API, HTTP_IF_NONE_MATCH=etag) for _ in range(3)]

    assert [a.status_code for a in answers] == [304, 304, 429]
    assert 0 < int(answers[2]["Retry-After"]) <= 60


def test_with_keeping_off_the_etag_still_saves_the_body(token_client, shop, settings):
    settings.RESPONSE_CACHE_SECONDS = 0
    first = token_client.get(API)
    assert token_client.get(API, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
    # Renamed round the services (no version renewed): nothing kept, so a plain GET
    # builds the answer again and shows it.
    Company.objects.filter(pk=shop.pk).update(name="Shop Renamed")

    names = {row["partner"]["name"] for row in token_client.get(API).json()["results"]}
    assert "Shop Renamed" in names


def test_a_kept_api_answer_asks_the_database_nothing(token_client, shop, django_assert_num_queries):
    token_client.get(API)  # builds and keeps the answer, reads the credential

    with django_assert_num_queries(0):
        assert token_client.get(API).status_code == 200


@pytest.mark.parametrize("path", [PAGE, DIRECTORY])
def test_a_kept_page_asks_the_database_nothing(browser, shop, path, django_assert_num_queries):
    browser.get(path)

    with django_assert_num_queries(0):
        assert browser.get(path).status_code == 200


# --- The one call a page needs: the list of dismissed partners, moved over -------------------


def test_the_dismissed_list_is_kept_and_an_undo_shows_at_once(browser, member, viewer, shop):
    feedback.suggestion_dismiss(user=member, company=viewer, partner=shop, reason="known")
    first = browser.get(DISMISSED)
    assert "Shop" in first.content.decode()
    assert browser.get(DISMISSED, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304

    feedback.dismissal_undo(user=member, company=viewer, partner=shop)

    after = browser.get(DISMISSED, HTTP_IF_NONE_MATCH=first["ETag"])
    assert after.status_code == 200
    assert "Shop" not in after.content.decode()


def test_a_page_with_a_flash_message_is_rendered_without_an_etag(browser, viewer, shop):
    browser.post(f"/en/suggestions/{shop.key}/dismiss/", {"reason": "known", "next": DISMISSED})

    response = browser.get(DISMISSED)

    assert response.status_code == 200
    assert not response.has_header("ETag")
    assert browser.get(DISMISSED).has_header("ETag")  # the message was shown once


def test_a_page_that_says_not_to_keep_it_is_rendered_each_time_without_an_etag(member):
    calls = []

    @kept.kept_page("test-busy")
    def view(request):
        calls.append(1)
        response = HttpResponse("a run's progress")
        response.kept = False
        return response

    for _ in range(2):
        request = RequestFactory().get("/busy/")
        request.user = member
        request.COOKIES[settings.CSRF_COOKIE_NAME] = "x" * 32
        response = view(request)

    assert calls == [1, 1]
    assert "no-store" in response["Cache-Control"]


# --- Versions ----------------------------------------------------------------------------


def test_each_write_function_renews_only_its_own_scope(viewer, member):
    scopes = [kept.PROFILES, kept.LISTS, kept.user_scope(member.pk)]
    outsider = MembershipFactory(company=CompanyFactory(key="other")).user
    outside = kept.versions([kept.user_scope(outsider.pk)])

    def changed(write) -> list[bool]:
        before = kept.versions(scopes)
        write()
        return [new != old for new, old in zip(kept.versions(scopes), before, strict=True)]

    assert changed(lambda: kept.companies_changed([viewer.pk])) == [False, False, True]
    assert changed(lambda: kept.users_changed([member.pk])) == [False, False, True]
    assert changed(kept.lists_changed) == [False, True, False]
    assert changed(kept.profiles_changed) == [True, False, False]
    assert kept.versions([kept.user_scope(outsider.pk)]) == outside  # not their company


@pytest.mark.django_db(transaction=True)
def test_a_version_is_renewed_again_when_the_transaction_commits():
    scope = [kept.LISTS]
    with transaction.atomic():
        kept.lists_changed()
        inside = kept.versions(scope)  # what a request reading old rows would key under

    assert kept.versions(scope) != inside


def test_a_version_lost_from_the_cache_comes_back_as_a_new_one():
    scope = [kept.user_scope(7)]
    before = kept.versions(scope)
    cache.clear()

    assert kept.versions(scope) != before
