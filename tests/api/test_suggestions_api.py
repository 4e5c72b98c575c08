"""/api/v1/suggestions/: the member's suggested partners, their filters, dismiss and save."""

from html import unescape

import pytest
from django.utils import translation
from django.utils.html import strip_tags

from matching.models import Dismissal, SavedSuggestion
from matching.reasons import Voices, need_sentence
from partners.models import Company
from tests.api.conftest import assert_error
from tests.factories import CompanyFactory, MembershipFactory, suggestions_make

pytestmark = pytest.mark.django_db
URL = "/api/v1/suggestions/"

NEED = {
    "kind": "need_capability",
    "direction": "for_you",
    "need": "a retail partner for sportswear",
    "capability": "nationwide chain of sportswear stores",
    "similarity": 0.9,
}
THEIR_NEED = {
    "kind": "need_capability",
    "direction": "for_them",
    "need": "a supplier of functional fabric",
    "capability": "moisture-wicking fabric",
    "similarity": 0.8,
}


def partner(key, **fields):
    fields.setdefault("industry", "G")
    fields.setdefault("industry_division", "")
    return CompanyFactory(key=key, name=key.title(), **fields)


@pytest.fixture
def viewer(db):
    return CompanyFactory(key="viewer", name="Viewer Textiles", industry="C", region="JP-13")


@pytest.fixture
def member(viewer):
    return MembershipFactory(company=viewer, role="member").user


@pytest.fixture
def partners(viewer):
    """Four partners in the viewer's list, rank order: shop, lab, osaka, weaver."""
    rows = [
        partner("shop", industry="G", region="JP-13", strengths=["marketing_sales"]),
        partner("lab", industry="M", region="US-CA", strengths=["technology_development"]),
        partner("osaka", industry="G", region="JP-27", strengths=["service"]),
        partner("weaver", industry="C", region="JP-13"),  # the viewer's own industry
    ]
    suggestions_make(viewer, *rows, reasons=[NEED, THEIR_NEED])
    return {company.key: company for company in rows}


def keys(response) -> list[str]:
    assert response.status_code == 200, response.content
    return [row["partner"]["key"] for row in response.json()["results"]]


def test_a_member_reads_the_suggestions_of_their_company(api_as, member, viewer, partners):
    suggestions_make(partners["shop"], viewer, reasons=[])  # the shop's list holds us too

    body = api_as(member).get(URL).json()

    assert body["count"] == 3  # same-industry partners are left out by default
    first = body["results"][0]
    assert first["partner"]["key"] == "shop"
    assert first["partner"]["industry"] == "G"
    assert "contact_email" not in first["partner"]
    assert (first["rank"], first["score"]) == (1, 0.7)
    assert first["band"]["code"] == "strong" and first["band"]["label"] == "Strong match"
    components = {c["code"]: c for c in first["components"]}
    assert components["complementarity"]["level"] == 3
    assert components["complementarity"]["value"] == 0.8
    assert components["complementarity"]["level_name"] == "High"
    assert set(first["directions"]) == {"for_you", "for_them"}
    assert first["reasons"]["mutual"] is True
    assert first["reasons"]["for_you"] == [
        "Your need “a retail partner for sportswear” is answered by their capability "
        "“nationwide chain of sportswear stores”."
    ]
    assert first["reasons"]["for_them"][0].startswith("Their need “a supplier of functional")
    assert body["results"][1]["reasons"]["mutual"] is False
    assert (first["saved"], first["interest_status"]) == (False, None)


def test_the_reasons_follow_the_request_language(api_as, member, partners):
    body = api_as(member).get(URL, HTTP_ACCEPT_LANGUAGE="ja").json()

    with translation.override("ja"):
        expected = unescape(strip_tags(need_sentence(NEED, Voices(own="en", partner="en"))))
    assert body["results"][0]["reasons"]["for_you"] == [expected]


@pytest.mark.parametrize(
    "query, expected",
    [
        ("industry=G", ["shop", "osaka"]),
        ("region=JP", ["shop", "osaka"]),
        ("region=us-ca", ["lab"]),
        ("region=%E5%A4%A7%E9%98%AA", ["osaka"]),  # 大阪
        ("region=Osaka", ["osaka"]),
        ("industry=%E5%8D%B8%E5%A3%B2%E6%A5%AD", ["shop", "osaka"]),  # 卸売業
        ("industry=retail", ["shop", "osaka"]),
        ("activity=service", ["osaka"]),
        ("same_industry=true", ["shop", "lab", "osaka", "weaver"]),
        ("sort=name", ["lab", "osaka", "shop"]),
    ],
)
def test_the_filters_of_the_page(api_as, member, partners, query, expected):
    assert keys(api_as(member).get(f"{URL}?{query}")) == expected


@pytest.mark.parametrize(
    "query, field",
    [
        ("industry=Z", "industry"),
        ("activity=dancing", "activity"),
        ("sort=worst", "sort"),
        ("region=Atlantis", "region"),
        ("industry=spaceflight", "industry"),
        ("saved=-1", "saved"),
        ("same_industry=yes", "same_industry"),
    ],
)
def test_an_invalid_filter_is_refused_by_name(api_as, member, partners, query, field):
    body = assert_error(api_as(member).get(f"{URL}?{query}"), 400, "invalid")
    assert list(body["fields"]) == [field]


def test_suggestions_are_paginated(api_as, member, partners):
    client = api_as(member)

    first = client.get(f"{URL}?page_size=2").json()
    second = client.get(f"{URL}?page_size=2&page=2").json()

    assert first["count"] == 3 and first["next"] and first["previous"] is None
    assert [r["partner"]["key"] for r in first["results"]] == ["shop", "lab"]
    assert [r["partner"]["key"] for r in second["results"]] == ["osaka"]
    assert_error(client.get(f"{URL}?page=9"), 404, "not_found")


def test_the_company_parameter_picks_among_the_members_companies(api_as, member, partners):
    other = CompanyFactory(key="second", industry="J")
    MembershipFactory(company=other, user=member)
    suggestions_make(other, partners["lab"])

    assert keys(api_as(member).get(f"{URL}?company=second")) == ["lab"]
    assert_error(api_as(member).get(f"{URL}?company=shop"), 404, "not_found")


def test_a_user_without_a_company_gets_404_and_no_token_401(api, api_as, partners):
    lone = MembershipFactory().user
    lone.memberships.all().delete()

    assert_error(api_as(lone).get(URL), 404, "not_found")
    assert_error(api.get(URL), 401, "not_authenticated")


def test_hidden_partners_and_other_lists_are_not_shown(api_as, viewer, member, partners):
    Company.objects.filter(key="lab").update(visibility=Company.Visibility.HIDDEN)
    outsider = MembershipFactory(company=CompanyFactory(key="elsewhere")).user

    assert keys(api_as(member).get(URL)) == ["shop", "osaka"]
    assert keys(api_as(outsider).get(URL)) == []


# --- Dismiss, save, unsave ------------------------------------------------------------------


def test_dismiss_hides_the_partner_for_good(api_as, viewer, member, partners):
    client = api_as(member)

    response = client.post(
        f"{URL}shop/dismiss/", {"reason": "known", "note": "Met them in Osaka"}, format="json"
    )

    assert response.status_code == 200, response.content
    assert response.json()["partner"] == "shop" and response.json()["reason"] == "known"
    assert Dismissal.objects.filter(company=viewer, partner__key="shop").exists()
    assert keys(client.get(URL)) == ["lab", "osaka"]
    # Twice keeps the first dismissal.
    again = client.post(f"{URL}shop/dismiss/", {"reason": "other"}, format="json")
    assert again.json()["reason"] == "known" and Dismissal.objects.count() == 1
    # A dismissed partner cannot be saved.
    body = assert_error(client.post(f"{URL}shop/save/"), 400, "invalid")
    assert "dismissed" in body["message"]


def test_dismiss_refuses_an_unknown_reason_by_name(api_as, member, partners):
    response = api_as(member).post(f"{URL}shop/dismiss/", {"reason": "bored"}, format="json")

    assert list(assert_error(response, 400, "invalid")["fields"]) == ["reason"]


def test_save_and_unsave(api_as, viewer, member, partners):
    client = api_as(member)

    response = client.post(f"{URL}osaka/save/")

    assert response.status_code == 200 and response.json() == {"partner": "osaka", "saved": True}
    assert keys(client.get(f"{URL}?saved=true")) == ["osaka"]
    assert client.get(URL).json()["results"][2]["saved"] is True
    assert client.post(f"{URL}osaka/save/").status_code == 200  # twice: one save
    assert SavedSuggestion.objects.filter(company=viewer).count() == 1

    assert client.delete(f"{URL}osaka/save/").status_code == 204
    assert client.delete(f"{URL}osaka/save/").status_code == 204  # harmless
    assert keys(client.get(f"{URL}?saved=true")) == []


def test_actions_on_partners_not_suggested_answer_404(api_as, member, partners):
    stranger = CompanyFactory(key="stranger", industry="G")
    client = api_as(member)

    for key in (stranger.key, "no-such-company"):
        not_found = assert_error(client.post(f"{URL}{key}/save/"), 404, "not_found")
        assert_error(client.post(f"{URL}{key}/dismiss/", {}, format="json"), 404, "not_found")
    assert "not among your current suggestions" in not_found["message"]
    assert_error(client.post(f"{URL}viewer/save/"), 404, "not_found")  # oneself: never suggested
    assert not SavedSuggestion.objects.exists() and not Dismissal.objects.exists()


def test_an_outsider_acts_only_for_their_own_company(api_as, viewer, partners):
    outsider = MembershipFactory(company=CompanyFactory(key="elsewhere")).user

    assert_error(api_as(outsider).post(f"{URL}shop/save/"), 404, "not_found")
    assert_error(api_as(outsider).post(f"{URL}shop/save/?company=viewer"), 404, "not_found")
    assert not SavedSuggestion.objects.exists()


def test_the_api_says_how_many_partners_the_whole_list_holds(api_as, member, viewer, partners):
    body = api_as(member).get(URL, HTTP_ACCEPT_LANGUAGE="en").json()
    assert body["list"]["size"] == 4 and body["list"]["wanted"] == 10
    assert body["list"]["note"].startswith("Kyoso found 4 partners with a clear match")
    ja = api_as(member).get(URL, HTTP_ACCEPT_LANGUAGE="ja").json()
    assert "確かな根拠のある提案は 4 件です" in ja["list"]["note"]
    # The list, not the page: a filter narrows the results, not what the list holds.
    narrowed = api_as(member).get(URL + "?industry=M").json()
    assert narrowed["count"] == 1 and narrowed["list"]["size"] == 4


def test_a_full_list_has_no_note(api_as, member, viewer, partners, settings):
    settings.MATCHING_TOP_K = 4
    assert api_as(member).get(URL).json()["list"] == {"size": 4, "wanted": 4, "note": None}
