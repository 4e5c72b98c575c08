"""The suggestions API and page kept in the cache (``alliance.kept``): served
again while nothing they show has changed, never once something has.

Each test first shows that the answer really is kept: a row changed behind the cache's
back (raw SQL on the suggestions table, which nothing watches) does not show. Then a
write through the product's own paths must show at once.
"""

import os
import re
from datetime import timedelta

import pytest
import redis
from django.db import connection
from django.middleware.csrf import _unmask_cipher_token
from django.test import Client, override_settings
from django.utils import timezone
from rest_framework.test import APIClient

from alliance import kept as kept_answers
from matching.bands import match_band
from matching.models import MatchRun, Suggestion
from matching.services import feedback
from partners.models import Company, Membership
from partners.services import cocreation
from partners.services.companies import company_update
from partners.services.moderation import companies_visibility_set
from partners.services.notifications import notify
from partners.services.tokens import api_token_create, api_token_revoke
from tests.factories import CompanyFactory, MembershipFactory, suggestions_make

pytestmark = pytest.mark.django_db
API = "/api/v1/suggestions/"
PAGE = "/en/suggestions/"
REDIS = os.environ.get("KEPT_TEST_REDIS", "redis://127.0.0.1:6379/11")


@pytest.fixture(autouse=True, params=["memory", "redis"])
def _cache(request, settings):
    """Every test twice: in this process's memory (the tests' default) and in Redis, as
    in production (its own database, emptied first), through ``alliance.cache``."""
    if request.param == "redis":
        try:
            redis.Redis.from_url(REDIS, socket_connect_timeout=1).flushdb()
        except redis.RedisError as error:
            pytest.skip(f"no Redis at {REDIS}: {error}")
        settings.CACHES = {
            "default": {"BACKEND": "django_redis.cache.RedisCache", "LOCATION": REDIS}
        }
    yield request.param


def partner(key, **fields):
    fields.setdefault("industry", "G")
    fields.setdefault("industry_division", "")
    return CompanyFactory(key=key, name=key.title(), **fields)


def suggest(company, *partners, score=0.7):
    return suggestions_make(company, *partners, score=score)


def score_behind_the_cache(company, score):
    """Change the scores of the company's rows without any path that renews a version."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {Suggestion._meta.db_table} SET score = %s WHERE company_id = %s",
            [score, company.pk],
        )


@pytest.fixture
def viewer(db):
    return CompanyFactory(key="viewer", name="Viewer Textiles", industry="C", region="JP-13")


@pytest.fixture
def member(viewer):
    return MembershipFactory(company=viewer, role="member").user


@pytest.fixture
def shop(viewer):
    shop, lab = partner("shop"), partner("lab", industry="M")
    suggest(viewer, shop, lab)
    return shop


@pytest.fixture
def api(member):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {api_token_create(user=member, name='t')[1]}")
    return client


@pytest.fixture
def page(client, member):
    """A signed-in browser that already holds its CSRF cookie (from a first visit)."""
    client.force_login(member)
    client.get(PAGE)
    assert "csrftoken" in client.cookies
    return client


def rows(response) -> dict[str, dict]:
    assert response.status_code == 200, response.content
    return {row["partner"]["key"]: row for row in response.json()["results"]}


def scores(response) -> set[float]:
    return {row["score"] for row in rows(response).values()}


# --- Kept, and keyed by versions ---------------------------------------------------------------


def test_the_api_answer_is_kept_until_a_version_changes(api, viewer, shop):
    first = api.get(API)
    score_behind_the_cache(viewer, 0.91)

    assert api.get(API).content == first.content  # kept: the change is not seen
    kept_answers.profiles_changed()
    assert scores(api.get(API)) == {0.91}


def bands_on(response) -> set[str]:
    assert response.status_code == 200
    text = response.content.decode()
    return {
        str(band.label) for band in (match_band(0.7), match_band(0.1)) if str(band.label) in text
    }


def test_the_page_is_kept_until_a_version_changes(page, viewer, shop):
    first = page.get(PAGE)
    assert bands_on(first) == {str(match_band(0.7).label)}
    score_behind_the_cache(viewer, 0.1)

    assert page.get(PAGE).content == first.content  # kept: the change is not seen
    kept_answers.profiles_changed()
    assert bands_on(page.get(PAGE)) == {str(match_band(0.1).label)}


@override_settings(RESPONSE_CACHE_SECONDS=0)
def test_zero_seconds_turns_the_cache_off(api, viewer, shop):
    api.get(API)
    score_behind_the_cache(viewer, 0.91)

    assert scores(api.get(API)) == {0.91}


# --- Every write the answer depends on shows at once --------------------------------------------


def test_a_dismissal_shows_at_once(api, member, viewer, shop):
    assert "shop" in rows(api.get(API))
    feedback.suggestion_dismiss(user=member, company=viewer, partner=shop)

    assert "shop" not in rows(api.get(API))


def test_an_undone_dismissal_shows_at_once_on_the_page_and_in_the_api(
    page, api, member, viewer, shop
):
    feedback.suggestion_dismiss(user=member, company=viewer, partner=shop)
    for _read in range(2):  # the second read is the kept one
        assert 'id="suggestion-shop"' not in page.get(PAGE).content.decode()
        assert "shop" not in rows(api.get(API))

    undone = page.post("/en/suggestions/dismissed/shop/undo/", {"next": PAGE})

    assert undone.status_code == 302
    for _read in range(2):  # with the message, then without it (a page that may be kept)
        assert 'id="suggestion-shop"' in page.get(PAGE).content.decode()
        assert "shop" in rows(api.get(API))


def test_an_undone_dismissal_through_the_api_shows_on_the_next_read(api, member, viewer, shop):
    feedback.suggestion_dismiss(user=member, company=viewer, partner=shop)
    assert "shop" not in rows(api.get(API))
    assert api.get(f"{API}dismissed/").json()["count"] == 1

    assert api.delete(f"{API}shop/dismiss/").status_code == 204

    assert "shop" in rows(api.get(API))
    assert api.get(f"{API}dismissed/").json()["count"] == 0


def test_a_withdrawn_interest_shows_at_once(api, page, member, viewer, shop):
    interest = cocreation.interest_send(user=member, sender=viewer, recipient=shop)
    assert rows(api.get(API))["shop"]["interest_status"] == "pending"
    page.get(PAGE)
    assert "Interest sent" in page.get(PAGE).content.decode()

    cocreation.interest_withdraw(user=member, interest=interest)

    assert rows(api.get(API))["shop"]["interest_status"] is None
    assert "Interest sent" not in page.get(PAGE).content.decode()


def test_saving_and_unsaving_show_at_once(api, member, viewer, shop):
    assert rows(api.get(API))["shop"]["saved"] is False
    feedback.suggestion_save(user=member, company=viewer, partner=shop)
    assert rows(api.get(API))["shop"]["saved"] is True
    feedback.suggestion_unsave(user=member, company=viewer, partner=shop)
    assert rows(api.get(API))["shop"]["saved"] is False


def test_saving_through_the_api_shows_on_the_next_read(api, shop):
    api.get(API)
    assert api.post(f"{API}shop/save/").status_code == 200

    assert rows(api.get(API))["shop"]["saved"] is True


def test_an_interest_and_its_answer_show_at_once(api, member, viewer, shop):
    assert rows(api.get(API))["shop"]["interest_status"] is None
    interest = cocreation.interest_send(user=member, sender=viewer, recipient=shop)
    assert rows(api.get(API))["shop"]["interest_status"] == "pending"

    shop_member = MembershipFactory(company=shop).user
    cocreation.interest_decline(user=shop_member, interest=interest)
    assert rows(api.get(API))["shop"]["interest_status"] == "declined"


def test_a_partners_profile_edit_shows_at_once(api, shop):
    assert rows(api.get(API))["shop"]["partner"]["name"] == "Shop"
    company_update(company=shop, data={"name": "Shop Renamed"})

    assert rows(api.get(API))["shop"]["partner"]["name"] == "Shop Renamed"


def test_a_partner_hidden_by_staff_is_gone_at_once(api, shop):
    assert "shop" in rows(api.get(API))
    companies_visibility_set(company_ids=[shop.pk], visibility=Company.Visibility.HIDDEN)

    assert "shop" not in rows(api.get(API))


def test_a_new_list_shows_at_once(api, viewer, shop):
    assert set(rows(api.get(API))) == {"shop", "lab"}
    suggest(viewer, partner("maker"))

    assert set(rows(api.get(API))) == {"maker"}


def test_a_member_removed_from_the_company_gets_404_at_once(api, member, viewer, shop):
    assert api.get(API).status_code == 200
    Membership.objects.filter(user=member, company=viewer).delete()

    assert api.get(API).status_code == 404


def test_a_notification_shows_its_badge_on_the_page_at_once(page, member, viewer, shop):
    assert 'data-testid="unread-count"' not in page.get(PAGE).content.decode()
    notify(company=viewer, other=shop, kind="interest_received")

    assert 'data-testid="unread-count"' in page.get(PAGE).content.decode()


def test_a_page_with_a_run_under_way_is_not_kept(page, viewer, shop):
    """A run's progress moves without a write the page could see: never kept."""
    MatchRun.objects.create(kind=MatchRun.Kind.FULL, status=MatchRun.Status.RUNNING)
    assert bands_on(page.get(PAGE)) == {str(match_band(0.7).label)}
    score_behind_the_cache(viewer, 0.1)

    assert bands_on(page.get(PAGE)) == {str(match_band(0.1).label)}


def test_a_queued_profile_page_is_not_kept(page, viewer, shop):
    """The queued state ends with time, not with a write: such a page is not kept."""
    Company.objects.filter(pk=viewer.pk).update(updated_at=timezone.now() + timedelta(seconds=1))
    assert bands_on(page.get(PAGE)) == {str(match_band(0.7).label)}
    score_behind_the_cache(viewer, 0.1)

    assert bands_on(page.get(PAGE)) == {str(match_band(0.1).label)}


# --- Apart: members, languages, queries ---------------------------------------------------------


def test_members_of_other_companies_never_share_an_answer(api, viewer, shop):
    other = CompanyFactory(key="other", industry="C")
    outsider = MembershipFactory(company=other).user
    suggest(other, partner("elsewhere"))
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {api_token_create(user=outsider, name='o')[1]}")

    assert set(rows(api.get(API))) == {"shop", "lab"}
    assert set(rows(client.get(API))) == {"elsewhere"}
    assert set(rows(api.get(API))) == {"shop", "lab"}


def test_languages_and_queries_are_kept_apart(api, shop):
    english = api.get(API, HTTP_ACCEPT_LANGUAGE="en")
    japanese = api.get(API, HTTP_ACCEPT_LANGUAGE="ja")
    assert (
        english.json()["results"][0]["band"]["label"]
        != japanese.json()["results"][0]["band"]["label"]
    )
    assert [r["partner"]["key"] for r in api.get(API + "?sort=name").json()["results"]] == [
        "lab",
        "shop",
    ]
    assert list(rows(api.get(API + "?page_size=1"))) == ["shop"]


def test_pages_in_two_languages_are_kept_apart(page, shop):
    english = page.get(PAGE).content.decode()
    japanese = page.get("/ja/suggestions/").content.decode()

    assert '<html lang="en">' in english and '<html lang="ja">' in japanese
    assert page.get(PAGE).content.decode() == english


def test_a_page_with_a_flash_message_is_rendered_not_kept(page, viewer, shop):
    page.post("/en/suggestions/shop/save/", {"next": PAGE})
    with_message = page.get(PAGE).content.decode()
    without = page.get(PAGE).content.decode()

    assert "is saved for later" in with_message
    assert "is saved for later" not in without


def test_the_page_is_kept_only_for_the_csrf_cookie_its_forms_carry(page, viewer, shop):
    def secrets_in(response) -> set[str]:
        tokens = re.findall(
            r'name="csrfmiddlewaretoken" value="([^"]+)"', response.content.decode()
        )
        assert tokens
        return {_unmask_cipher_token(token) for token in tokens}

    first = page.get(PAGE)
    assert page.get(PAGE).content == first.content
    assert secrets_in(first) == {page.cookies["csrftoken"].value}
    page.cookies["csrftoken"] = "A" * 32  # another cookie (a new browser, a new sign-in)

    assert secrets_in(page.get(PAGE)) == {"A" * 32}


# --- Credentials and the rate limit --------------------------------------------------------------


def test_a_revoked_token_is_refused_at_once(member, shop):
    token, text = api_token_create(user=member, name="revoked")
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {text}")
    assert client.get(API).status_code == 200
    assert client.get(API).status_code == 200  # now from the cache, credential and answer

    api_token_revoke(user=member, token=token)
    assert client.get(API).status_code == 401


def test_a_deactivated_account_is_refused_at_once(api, member, shop):
    assert api.get(API).status_code == 200
    member.is_active = False
    member.save()

    assert api.get(API).status_code == 401


def test_the_rate_limit_counts_answers_served_from_the_cache(api, shop, settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {
            **settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"],
            "user": "3/minute",
        },
    }
    answers = [api.get(API) for _ in range(4)]

    assert [a.status_code for a in answers] == [200, 200, 200, 429]
    assert 0 < int(answers[3]["Retry-After"]) <= 60


# --- The directory ----------------------------------------------------------------------------

DIRECTORY = "/en/companies/"


def name_behind_the_cache(company, name):
    """Rename through the driver's own cursor: no statement the watcher sees."""
    with connection.cursor() as cursor:
        cursor.cursor.execute(
            f"UPDATE {Company._meta.db_table} SET name = %s WHERE id = %s", [name, company.pk]
        )


def test_the_directory_is_kept_until_a_version_changes(page, shop):
    first = page.get(DIRECTORY)
    assert "Shop" in first.content.decode()
    name_behind_the_cache(shop, "Quiet Rename")

    assert page.get(DIRECTORY).content == first.content  # kept: the change is not seen
    kept_answers.profiles_changed()
    assert "Quiet Rename" in page.get(DIRECTORY).content.decode()


def test_the_directory_shows_edits_new_and_hidden_companies_at_once(page, shop):
    assert "Shop" in page.get(DIRECTORY).content.decode()
    company_update(company=shop, data={"name": "Shop Renamed"})
    assert "Shop Renamed" in page.get(DIRECTORY).content.decode()

    partner("newcomer")
    assert "Newcomer" in page.get(DIRECTORY).content.decode()

    companies_visibility_set(company_ids=[shop.pk], visibility=Company.Visibility.HIDDEN)
    assert "Shop Renamed" not in page.get(DIRECTORY).content.decode()


def test_directory_pages_and_filters_are_kept_apart(page, shop):
    everyone = page.get(DIRECTORY).content.decode()
    research = page.get(DIRECTORY + "?industry=M").content.decode()

    assert "Shop" in everyone and "Lab" in everyone
    assert "Shop" not in research and "Lab" in research


# --- The signed-in user, read with the page ---------------------------------------------------


def test_a_password_change_signs_the_other_sessions_out_at_once(page, member, shop):
    assert page.get(PAGE).status_code == 200
    assert page.get(PAGE).status_code == 200  # user and page now read from the cache
    member.set_password("a-new-and-long-passphrase")
    member.save()

    response = page.get(PAGE)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_a_deactivated_member_is_signed_out_of_pages_at_once(page, member, shop):
    assert page.get(DIRECTORY).status_code == 200
    member.is_active = False
    member.save()

    assert page.get(DIRECTORY).status_code == 302


def test_two_members_in_turn_each_get_their_own_page(page, client, viewer, shop):
    other = CompanyFactory(key="other", industry="C")
    outsider = MembershipFactory(company=other).user
    suggest(other, partner("elsewhere"))
    second = Client()
    second.force_login(outsider)
    second.get(PAGE)

    for _ in range(2):
        mine, theirs = page.get(PAGE).content.decode(), second.get(PAGE).content.decode()
        assert "Shop" in mine and "Elsewhere" not in mine
        assert "Elsewhere" in theirs and "Shop" not in theirs
