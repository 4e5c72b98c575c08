"""The response cache of the suggestions API and page (``alliance.kept``).

Every test that expects a write to show first proves the answer really was kept: a
score changed behind the cache's back (raw SQL on ``matching_suggestion``, a table
nothing watches) must *not* show before the write. So a missing invalidation fails the
test instead of passing because nothing was cached. No mocks: the real database and
the configured cache (this process's memory, or Redis with ``CACHE_URL``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client, override_settings
from django.utils import translation
from rest_framework.test import APIClient

from alliance import kept as kept_answers
from matching.bands import match_band
from matching.models import MatchRun, Suggestion, SuggestionList
from matching.services import feedback
from matching.services.storage import pointers_move
from partners.models import Company, Invitation, Membership, Notification
from partners.selectors import invitation_digest
from partners.services import teams
from partners.services.cocreation import interest_send
from partners.services.companies import company_update
from partners.services.moderation import companies_visibility_set
from partners.services.notifications import notify
from partners.services.tokens import api_token_create, api_token_revoke
from tests.factories import CompanyFactory, MembershipFactory, UserFactory, suggestions_run

pytestmark = pytest.mark.django_db

API = "/api/v1/suggestions/"
PAGE = "/en/suggestions/"
DIRECTORY = "/en/companies/"
HIGH, LOW = 0.7, 0.1  # two scores of different bands (the page shows bands, not scores)
assert match_band(HIGH).slug != match_band(LOW).slug


@pytest.fixture(autouse=True)
def _default_language():
    """A /ja/ request leaves Japanese active in the thread: start and end in English."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


# --- Data ------------------------------------------------------------------------------------


def partner(key: str, **fields) -> Company:
    fields.setdefault("industry", "G")
    fields.setdefault("industry_division", "")
    return CompanyFactory(key=key, name=key.title(), **fields)


def run_of(company: Company, *partners: Company, score: float = HIGH) -> MatchRun:
    """A finished run with a row per partner (best first); nothing points to it yet."""
    return suggestions_run(company, *partners, score=score)


def suggest(company: Company, *partners: Company, score: float = HIGH) -> MatchRun:
    """A run for ``company``, made its current list."""
    run = run_of(company, *partners, score=score)
    SuggestionList.objects.update_or_create(company=company, defaults={"run": run})
    return run


def score_behind_the_cache(company: Company, score: float) -> None:
    """Change the company's scores by raw SQL on a table no version watches."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {Suggestion._meta.db_table} SET score = %s WHERE company_id = %s",
            [score, company.pk],
        )


@pytest.fixture
def viewer(db) -> Company:
    return CompanyFactory(key="viewer", name="Viewer Textiles", industry="C", region="JP-13")


@pytest.fixture
def member(viewer):
    """A plain member of ``viewer`` (overrides the shared fixture of that name)."""
    return MembershipFactory(company=viewer, role="member").user


@pytest.fixture
def shop(viewer) -> Company:
    """``viewer``'s current list: shop (rank 1) and lab (rank 2), both at ``HIGH``."""
    shop = partner("shop")
    suggest(viewer, shop, partner("lab", industry="M"))
    return shop


# --- Reading the API and the page alike ------------------------------------------------------


@dataclass(frozen=True)
class Card:
    name: str
    band: str
    saved: bool
    interest: str | None


@dataclass
class Reading:
    status: int
    content: bytes
    cards: dict[str, Card]


ARTICLE = re.compile(r'<article class="suggestion" id="suggestion-([^"]+)".*?</article>', re.S)


def page_cards(html: str) -> dict[str, Card]:
    cards = {}
    for found in ARTICLE.finditer(html):
        key, block = found.group(1), found.group(0)
        name = re.search(rf'id="suggestion-{re.escape(key)}-name"><a [^>]*>([^<]*)</a>', block)
        band = re.search(r'class="band band--([\w-]+)"', block)
        interest = re.search(r"interest-state--([\w-]+)", block)
        cards[key] = Card(
            name=name.group(1),
            band=band.group(1),
            saved="badge--saved" in block,
            interest=interest.group(1) if interest else None,
        )
    return cards


def api_cards(body: dict) -> dict[str, Card]:
    return {
        row["partner"]["key"]: Card(
            name=row["partner"]["name"],
            band=row["band"]["code"],
            saved=row["saved"],
            interest=row["interest_status"],
        )
        for row in body["results"]
    }


@dataclass
class Surface:
    """One way a member reads their suggestions: the API (token or session) or the page."""

    kind: str
    client: Any
    path: str

    def get(self, query: str = "", **headers) -> Reading:
        response = self.client.get(self.path + query, **headers)
        cards: dict[str, Card] = {}
        if response.status_code == 200:
            if self.kind == "page":
                cards = page_cards(response.content.decode())
            else:
                cards = api_cards(response.json())
        return Reading(response.status_code, response.content, cards)


def token_client(user) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {api_token_create(user=user, name='rc')[1]}")
    return client


def surface_for(kind: str, user) -> Surface:
    if kind == "token":
        return Surface(kind, token_client(user), API)
    if kind == "session":
        client = APIClient()
        client.force_login(user)
        return Surface(kind, client, API)
    client = Client()
    client.force_login(user)
    client.get(PAGE)  # the CSRF cookie: without it the page is never kept
    assert settings.CSRF_COOKIE_NAME in client.cookies
    return Surface(kind, client, PAGE)


@pytest.fixture(params=["token", "session", "page"])
def surface(request, member) -> Surface:
    return surface_for(request.param, member)


@pytest.fixture(params=["token", "session"])
def api(request, member) -> Surface:
    return surface_for(request.param, member)


@pytest.fixture
def page(member) -> Surface:
    return surface_for("page", member)


def kept(surface: Surface, viewer: Company) -> Reading:
    """Read, change the scores behind the cache's back, and check the answer is kept."""
    first = surface.get()
    assert first.status == 200, first.content
    score_behind_the_cache(viewer, LOW)
    again = surface.get()
    assert again.content == first.content, "the answer was not kept"
    return first


def bands(reading: Reading) -> set[str]:
    return {card.band for card in reading.cards.values()}


# --- 1. Kept, and keyed by versions ----------------------------------------------------------


def test_a_second_get_is_served_from_the_cache_until_a_version_changes(surface, viewer, shop):
    """A raw-SQL change is not seen until the platform version is bumped."""
    first = surface.get()
    assert bands(first) == {match_band(HIGH).slug}
    score_behind_the_cache(viewer, LOW)

    assert surface.get().content == first.content  # stale, as designed
    kept_answers.profiles_changed()
    assert bands(surface.get()) == {match_band(LOW).slug}


def test_the_api_shows_the_new_score_after_a_bump(api, viewer, shop):
    """The API's kept answer holds the old score, the next one after a bump the new."""
    first = api.client.get(API).json()
    assert {row["score"] for row in first["results"]} == {HIGH}
    score_behind_the_cache(viewer, 0.91)

    assert api.client.get(API).json() == first
    kept_answers.profiles_changed()
    assert {row["score"] for row in api.client.get(API).json()["results"]} == {0.91}


def test_a_users_own_version_also_renews_the_answer(surface, member, viewer, shop):
    """Bumping the member's own scope renews their kept answer too."""
    kept(surface, viewer)
    kept_answers.users_changed([member.pk])

    assert bands(surface.get()) == {match_band(LOW).slug}


# --- 2. Every write the answer depends on shows at once --------------------------------------


def test_a_dismissal_shows_at_once(surface, member, viewer, shop):
    """A partner dismissed through the service is gone from the next answer."""
    assert "shop" in kept(surface, viewer).cards
    feedback.suggestion_dismiss(user=member, company=viewer, partner=shop)

    assert set(surface.get().cards) == {"lab"}


def test_saving_shows_at_once(surface, member, viewer, shop):
    """A partner saved through the service is shown saved in the next answer."""
    assert kept(surface, viewer).cards["shop"].saved is False
    feedback.suggestion_save(user=member, company=viewer, partner=shop)

    assert surface.get().cards["shop"].saved is True


def test_unsaving_shows_at_once(surface, member, viewer, shop):
    """A save removed through the service is no longer shown in the next answer."""
    feedback.suggestion_save(user=member, company=viewer, partner=shop)
    assert kept(surface, viewer).cards["shop"].saved is True
    feedback.suggestion_unsave(user=member, company=viewer, partner=shop)

    assert surface.get().cards["shop"].saved is False


def test_an_interest_sent_shows_at_once(surface, member, viewer, shop):
    """An interest sent through the co-creation service shows as pending."""
    assert kept(surface, viewer).cards["shop"].interest is None
    interest_send(user=member, sender=viewer, recipient=shop, message="Hello")

    assert surface.get().cards["shop"].interest == "pending"


def test_an_interest_sent_by_a_colleague_shows_at_once(surface, viewer, shop):
    """An interest another member of the company sends shows in this member's answer."""
    colleague = MembershipFactory(company=viewer, role="member").user
    assert kept(surface, viewer).cards["shop"].interest is None
    interest_send(user=colleague, sender=viewer, recipient=shop)

    assert surface.get().cards["shop"].interest == "pending"


def test_a_partner_renamed_through_the_service_shows_at_once(surface, viewer, shop):
    """``company_update`` renews the profiles' version (a signal of the saved row)."""
    assert kept(surface, viewer).cards["shop"].name == "Shop"
    company_update(company=shop, data={"name": "Shop Renamed"})

    assert surface.get().cards["shop"].name == "Shop Renamed"


def test_a_partner_hidden_by_staff_is_gone_at_once(surface, viewer, shop):
    """A partner hidden by staff (a queryset update in the service) is gone at once."""
    assert "shop" in kept(surface, viewer).cards
    companies_visibility_set(company_ids=[shop.pk], visibility=Company.Visibility.HIDDEN)

    assert set(surface.get().cards) == {"lab"}


def test_a_list_pointer_moved_to_another_run_shows_at_once(surface, viewer, shop):
    """Pointing the company's list at another run (made before) shows that run's rows."""
    other_run = run_of(viewer, partner("maker"), partner("forge", industry="H"))
    assert set(kept(surface, viewer).cards) == {"shop", "lab"}
    pointers_move(run=other_run, company_ids=[viewer.pk])  # the engine's service

    assert set(surface.get().cards) == {"maker", "forge"}


def test_a_new_list_through_the_orm_shows_at_once(surface, viewer, shop):
    """A new run saved as the current list (``update_or_create``) shows at once."""
    assert set(kept(surface, viewer).cards) == {"shop", "lab"}
    suggest(viewer, partner("maker"))

    assert set(surface.get().cards) == {"maker"}


def unread_badge(reading: Reading) -> str | None:
    found = re.search(
        r'data-testid="unread-count"><span class="visually-hidden">[^<]*</span>(\d+)</span>',
        reading.content.decode(),
    )
    return found.group(1) if found else None


def test_a_notification_shows_its_unread_badge_at_once(page, viewer, shop):
    """A notification made by ``notify`` (bulk) shows its badge on the next page."""
    assert unread_badge(kept(page, viewer)) is None
    notify(company=viewer, other=shop, kind="interest_received")

    assert unread_badge(page.get()) == "1"


def test_a_notification_row_saved_one_by_one_shows_at_once(page, member, viewer, shop):
    """A Notification saved directly (as the admin would) shows its badge at once."""
    notify(company=viewer, other=shop, kind="interest_received")
    assert unread_badge(kept(page, viewer)) == "1"
    Notification.objects.create(user=member, company=viewer, other=shop, kind="interest_received")

    assert unread_badge(page.get()) == "2"


def test_a_removed_member_gets_404_from_the_api_at_once(api, member, viewer, shop):
    """Once the membership is deleted, the API answers 404 to that user."""
    kept(api, viewer)
    Membership.objects.filter(user=member, company=viewer).delete()

    assert api.get().status == 404


def test_a_removed_member_no_longer_sees_the_list_on_the_page(page, member, viewer, shop):
    """Once the membership is deleted, the page shows no suggestions to that user."""
    assert set(kept(page, viewer).cards) == {"shop", "lab"}
    Membership.objects.filter(user=member, company=viewer).delete()

    after = page.get()
    assert after.status == 200 and after.cards == {}


# Team changes go through ``partners.services.teams``: the same versions, whoever acts.


def test_a_member_who_leaves_the_team_no_longer_sees_the_list(surface, member, viewer, shop):
    kept(surface, viewer)
    teams.membership_leave(user=member, company=viewer)

    after = surface.get()
    assert after.cards == {} and after.content != b""


def test_a_member_removed_by_an_owner_no_longer_sees_the_list(surface, member, viewer, shop):
    owner = MembershipFactory(company=viewer, role="owner").user
    kept(surface, viewer)
    teams.member_remove(user=owner, membership=Membership.objects.get(user=member))

    assert surface.get().cards == {}


def test_a_colleague_who_joins_by_invitation_finds_the_company_on_a_kept_page(viewer, shop):
    """The directory was kept for them without a company; joining renews it."""
    owner = MembershipFactory(company=viewer, role="owner").user
    colleague = UserFactory(email="colleague@example.com")
    client = Client()
    client.force_login(colleague)
    client.get(DIRECTORY)  # the CSRF cookie: without it the page is never kept
    first = client.get(DIRECTORY)
    assert client.get(DIRECTORY, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
    assert b">My company</a>" not in first.content

    teams.invitation_create(user=owner, company=viewer, email=colleague.email, role="member")
    invitation = Invitation.objects.get()
    invitation.digest = invitation_digest("the-token")
    invitation.save()
    teams.invitation_accept(user=colleague, token="the-token")

    after = client.get(DIRECTORY, HTTP_IF_NONE_MATCH=first["ETag"]).content
    assert b'href="/en/companies/viewer/">My company</a>' in after


# --- 3. Kept apart: members, languages, queries ----------------------------------------------


@pytest.mark.parametrize("kind", ["token", "session", "page"])
def test_members_of_different_companies_never_share_an_answer(kind, member, viewer, shop):
    """Two members of two companies, in turn, each get their own list."""
    other = CompanyFactory(key="other", name="Other", industry="C")
    suggest(other, partner("elsewhere"))
    outsider = MembershipFactory(company=other).user
    mine, theirs = surface_for(kind, member), surface_for(kind, outsider)

    for _ in range(2):  # the second round is served from the cache
        assert set(mine.get().cards) == {"shop", "lab"}
        assert set(theirs.get().cards) == {"elsewhere"}


def test_api_languages_are_kept_apart(api, shop):
    """``Accept-Language: en`` and ``ja`` are two entries, each kept in its language."""
    english = api.client.get(API, HTTP_ACCEPT_LANGUAGE="en")
    japanese = api.client.get(API, HTTP_ACCEPT_LANGUAGE="ja")

    def label(response):
        return response.json()["results"][0]["band"]["label"]

    assert label(english) != label(japanese)
    assert api.client.get(API, HTTP_ACCEPT_LANGUAGE="en").content == english.content
    assert api.client.get(API, HTTP_ACCEPT_LANGUAGE="ja").content == japanese.content


def test_page_languages_are_kept_apart(page, shop):
    """``/en/`` and ``/ja/`` pages are two entries, each kept in its language."""
    english = page.client.get(PAGE).content.decode()
    japanese = page.client.get("/ja/suggestions/").content.decode()

    assert '<html lang="en">' in english and '<html lang="ja">' in japanese
    assert page.client.get(PAGE).content.decode() == english
    assert page.client.get("/ja/suggestions/").content.decode() == japanese


def test_api_query_strings_are_kept_apart(api, viewer, shop):
    """``?sort=name`` and ``?page=2`` are entries of their own."""

    def keys(query):
        return list(api.get(query).cards)

    assert keys("") == ["shop", "lab"]
    assert keys("?sort=name") == ["lab", "shop"]
    assert keys("?page_size=1") == ["shop"]
    assert keys("?page_size=1&page=2") == ["lab"]
    assert keys("") == ["shop", "lab"]  # the first entry, again


def test_page_query_strings_are_kept_apart(page, viewer):
    """``?page=2`` and ``?sort=name`` of the page are entries of their own."""
    names = [f"p{n:02d}" for n in range(11)]  # 11 partners: two pages of 10
    suggest(viewer, *[partner(name) for name in reversed(names)])  # best: p10 … p00

    def keys(query):
        return list(page.get(query).cards)

    first = keys("")
    assert first == list(reversed(names))[:10]
    assert keys("?page=2") == ["p00"]
    assert keys("?sort=name") == names[:10]
    assert keys("") == first


# --- 4. Credentials --------------------------------------------------------------------------


def test_a_revoked_token_is_refused_at_once(member, viewer, shop):
    """A token cached by successful requests is refused right after it is revoked."""
    token, text = api_token_create(user=member, name="revoked")
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {text}")
    assert client.get(API).status_code == 200
    assert client.get(API).status_code == 200  # credential and answer from the cache

    api_token_revoke(user=member, token=token)
    assert client.get(API).status_code == 401


def test_a_deactivated_account_is_refused_at_once(member, viewer, shop):
    """A user saved with ``is_active=False`` is refused right after."""
    client = token_client(member)
    assert client.get(API).status_code == 200
    assert client.get(API).status_code == 200

    member.is_active = False
    member.save()
    assert client.get(API).status_code == 401


# --- 5. Rate limit ---------------------------------------------------------------------------


def test_the_rate_limit_counts_answers_served_from_the_cache(member, viewer, shop):
    """At ``3/minute`` the 4th GET is 429 though the 2nd and 3rd came from the cache."""
    rates = {**settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"], "user": "3/minute"}
    client = token_client(member)
    with override_settings(
        REST_FRAMEWORK={**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": rates}
    ):
        first = client.get(API)
        score_behind_the_cache(viewer, LOW)
        answers = [first, client.get(API), client.get(API), client.get(API)]

    assert [a.status_code for a in answers] == [200, 200, 200, 429]
    assert answers[1].content == answers[2].content == first.content  # from the cache
    assert 1 <= int(answers[3]["Retry-After"]) <= 60


# --- 6. Turned off ---------------------------------------------------------------------------


@override_settings(RESPONSE_CACHE_SECONDS=0)
def test_zero_seconds_turns_the_cache_off(surface, viewer, shop):
    """With ``RESPONSE_CACHE_SECONDS=0`` the raw-SQL change shows at once."""
    assert bands(surface.get()) == {match_band(HIGH).slug}
    score_behind_the_cache(viewer, LOW)

    assert bands(surface.get()) == {match_band(LOW).slug}
