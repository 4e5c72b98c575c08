"""Co-creation through the API: interest → match → proposal → counter → accept → alliance,
with the same rules (and refusals) as the pages."""

from datetime import date, timedelta

import pytest

from partners.models import Alliance, AllianceProposal, Company, Interest, Match
from partners.services import cocreation
from tests.api.conftest import assert_error
from tests.factories import NEXT_YEAR, CompanyFactory, MembershipFactory

pytestmark = pytest.mark.django_db

TERMS = {
    "shared_goal": "Bring Japanese fermented foods to European tables",
    "value_chain_change": "Their export channel carries our products",
    "activities": ["marketing_sales", "outbound_logistics"],
    "starts_on": f"{NEXT_YEAR}-04-01",
    "duration_months": 12,
    "conditions": "Costs shared equally; results owned jointly.",
}


@pytest.fixture
def maker_user():
    company = CompanyFactory(key="maker", name="Maker", contact_email="hello@maker.example")
    return MembershipFactory(company=company).user


@pytest.fixture
def trader_user():
    company = CompanyFactory(
        key="trader",
        name="Trader",
        industry="G",
        industry_division="46",
        contact_name="Taro Trader",
        contact_email="taro@trader.example",
        contact_phone="+81 3-5555-0100",
    )
    return MembershipFactory(company=company).user


@pytest.fixture
def json_client(api_as):
    """A token client of ``user`` that sends JSON bodies."""

    def make(user):
        client = api_as(user)
        client.default_format = "json"
        return client

    return make


@pytest.fixture
def maker(json_client, maker_user):
    return json_client(maker_user)


@pytest.fixture
def trader(json_client, trader_user):
    return json_client(trader_user)


@pytest.fixture
def outsider(json_client):
    return json_client(MembershipFactory(company=CompanyFactory(key="outsider")).user)


@pytest.fixture
def match(maker, trader) -> Match:
    assert maker.post("/api/v1/interests/", {"partner": "trader"}, format="json").status_code == 201
    assert trader.post("/api/v1/interests/", {"partner": "maker"}, format="json").status_code == 201
    return Match.objects.get()


def ok(response, status=200):
    assert response.status_code == status, response.content
    return response.json()


def test_the_whole_flow_from_interest_to_alliance(maker, trader):
    # Interest, seen by both sides.
    sent = ok(
        maker.post(
            "/api/v1/interests/", {"partner": "trader", "message": "Let's talk"}, format="json"
        ),
        201,
    )
    assert (sent["status"], sent["match"], sent["message"]) == ("pending", None, "Let's talk")
    assert sent["recipient"] == {"key": "trader", "name": "Trader"}
    received = ok(trader.get("/api/v1/interests/"))["results"]
    assert [row["id"] for row in received] == [sent["id"]]
    assert ok(maker.get("/api/v1/interests/?box=sent"))["count"] == 1
    assert ok(maker.get("/api/v1/interests/"))["count"] == 0  # nothing received yet

    # Mutual interest makes a match.
    back = ok(trader.post("/api/v1/interests/", {"partner": "maker"}, format="json"), 201)
    assert back["status"] == "mutual" and back["match"]
    match_id = back["match"]
    assert [m["id"] for m in ok(maker.get("/api/v1/matches/"))["results"]] == [match_id]
    detail = ok(maker.get(f"/api/v1/matches/{match_id}/"))
    assert detail["company"]["key"] == "maker" and detail["partner"]["key"] == "trader"
    assert detail["partner_contact"]["contact_email"] == "taro@trader.example"
    assert detail["partner_contact"]["contact_name"] == "Taro Trader"
    assert detail["partner_profile"]["industry"] == "G"
    assert detail["open_proposal"] is None and detail["alliances"] == []
    assert ok(trader.get(f"/api/v1/matches/{match_id}/"))["partner_contact"]["contact_email"] == (
        "hello@maker.example"
    )

    # Proposal, counter-proposal, acceptance.
    proposals = f"/api/v1/matches/{match_id}/proposals/"
    first = ok(maker.post(proposals, TERMS, format="json"), 201)
    assert (first["version"], first["status"]) == (1, "open")
    assert first["proposed_by"]["key"] == "maker" and first["ends_on"] == f"{NEXT_YEAR + 1}-04-01"
    assert ok(trader.get(f"/api/v1/matches/{match_id}/"))["open_proposal"] == first["id"]

    changed = {
        **TERMS,
        "duration_months": None,
        "ends_on": f"{NEXT_YEAR}-12-31",
        "conditions": "Ours",
    }
    second = ok(
        trader.post(f"/api/v1/proposals/{first['id']}/counter/", changed, format="json"), 201
    )
    assert (second["version"], second["previous"], second["status"]) == (2, first["id"], "open")
    assert second["proposed_by"]["key"] == "trader"
    listed = ok(maker.get(proposals))["results"]
    assert [(p["version"], p["status"]) for p in listed] == [(2, "open"), (1, "superseded")]

    alliance = ok(maker.post(f"/api/v1/proposals/{second['id']}/accept/"), 201)
    assert alliance["shared_goal"] == TERMS["shared_goal"]
    assert (alliance["ends_on"], alliance["conditions"]) == (f"{NEXT_YEAR}-12-31", "Ours")
    assert alliance["proposal"] == second["id"] and alliance["match"] == match_id
    assert AllianceProposal.objects.get(pk=second["id"]).status == "accepted"

    for client in (maker, trader):
        assert [a["id"] for a in ok(client.get("/api/v1/alliances/"))["results"]] == [
            alliance["id"]
        ]
        assert ok(client.get(f"/api/v1/alliances/{alliance['id']}/"))["id"] == alliance["id"]
    assert ok(maker.get(f"/api/v1/matches/{match_id}/"))["alliances"] == [alliance["id"]]


def test_decline_and_withdraw(maker, trader, match):
    proposals = f"/api/v1/matches/{match.pk}/proposals/"
    first = ok(maker.post(proposals, TERMS, format="json"), 201)

    declined = ok(trader.post(f"/api/v1/proposals/{first['id']}/decline/", {"reason": "Too soon"}))
    assert (declined["status"], declined["response_note"]) == ("declined", "Too soon")

    second = ok(trader.post(proposals, TERMS, format="json"), 201)
    assert second["version"] == 2
    withdrawn = ok(trader.post(f"/api/v1/proposals/{second['id']}/withdraw/"))
    assert withdrawn["status"] == "withdrawn"
    assert not Alliance.objects.exists()


def test_an_interest_is_declined_by_its_recipient_only(maker, trader):
    sent = ok(maker.post("/api/v1/interests/", {"partner": "trader"}, format="json"), 201)
    url = f"/api/v1/interests/{sent['id']}/decline/"

    assert_error(maker.post(url, {}), 403, "permission_denied")
    declined = ok(trader.post(url, {"reason": "Not our field"}, format="json"))
    assert (declined["status"], declined["decline_reason"]) == ("declined", "Not our field")
    body = assert_error(trader.post(url, {}), 409, "conflict")
    assert body["message"] == "This interest has already been answered."
    # The sender sees the reason.
    assert ok(maker.get("/api/v1/interests/?box=sent"))["results"][0]["decline_reason"] == (
        "Not our field"
    )


def test_a_pending_interest_is_withdrawn_by_its_sender_only(maker, trader, outsider):
    sent = ok(maker.post("/api/v1/interests/", {"partner": "trader", "message": "Hi"}), 201)
    url = f"/api/v1/interests/{sent['id']}/withdraw/"
    assert ok(trader.get("/api/v1/notifications/"))["count"] == 1

    assert_error(trader.post(url), 403, "permission_denied")
    assert_error(outsider.post(url), 404, "not_found")
    assert maker.post(url).status_code == 204

    # The recipient no longer sees it, nor its notification; it is gone for both.
    assert ok(trader.get("/api/v1/interests/"))["count"] == 0
    assert ok(trader.get("/api/v1/notifications/"))["count"] == 0
    assert ok(maker.get("/api/v1/interests/?box=sent"))["count"] == 0
    assert_error(maker.post(url), 404, "not_found")
    # It may be sent again.
    ok(maker.post("/api/v1/interests/", {"partner": "trader"}), 201)


def test_an_answered_interest_cannot_be_withdrawn(maker, trader, match):
    mine = Interest.objects.get(sender__key="maker")

    body = assert_error(maker.post(f"/api/v1/interests/{mine.pk}/withdraw/"), 409, "conflict")

    assert body["message"] == "Only an interest still waiting for an answer can be withdrawn."
    assert Interest.objects.filter(status="mutual").count() == 2


# --- Refusals ------------------------------------------------------------------------------


def test_interest_refusals(maker, trader, outsider):
    assert_error(
        maker.post("/api/v1/interests/", {"partner": "maker"}, format="json"), 404, "not_found"
    )
    assert_error(
        maker.post("/api/v1/interests/", {"partner": "nobody"}, format="json"), 404, "not_found"
    )
    Company.objects.filter(key="outsider").update(visibility=Company.Visibility.HIDDEN)
    assert_error(
        maker.post("/api/v1/interests/", {"partner": "outsider"}, format="json"), 404, "not_found"
    )
    body = assert_error(maker.post("/api/v1/interests/", {}, format="json"), 400, "invalid")
    assert list(body["fields"]) == ["partner"]
    long = {"partner": "trader", "message": "x" * 1001}
    assert (
        "too long"
        in assert_error(maker.post("/api/v1/interests/", long, format="json"), 400, "invalid")[
            "message"
        ]
    )

    ok(maker.post("/api/v1/interests/", {"partner": "trader"}, format="json"), 201)
    again = maker.post("/api/v1/interests/", {"partner": "trader"}, format="json")
    assert "already expressed interest" in assert_error(again, 409, "conflict")["message"]
    assert Interest.objects.count() == 1
    assert_error(maker.get("/api/v1/interests/?box=everything"), 400, "invalid")


def test_an_outsider_sees_none_of_it(maker, trader, outsider, match):
    proposal = ok(maker.post(f"/api/v1/matches/{match.pk}/proposals/", TERMS, format="json"), 201)
    interest = Interest.objects.first()

    assert ok(outsider.get("/api/v1/matches/"))["count"] == 0
    assert ok(outsider.get("/api/v1/interests/"))["count"] == 0
    assert ok(outsider.get("/api/v1/alliances/"))["count"] == 0
    for url in (f"/api/v1/matches/{match.pk}/", f"/api/v1/matches/{match.pk}/proposals/"):
        assert_error(outsider.get(url), 404, "not_found")
    assert_error(
        outsider.post(f"/api/v1/matches/{match.pk}/proposals/", TERMS, format="json"),
        404,
        "not_found",
    )
    for action in ("accept", "decline", "counter", "withdraw"):
        response = outsider.post(
            f"/api/v1/proposals/{proposal['id']}/{action}/", TERMS, format="json"
        )
        assert_error(response, 404, "not_found")
    assert_error(outsider.post(f"/api/v1/interests/{interest.pk}/decline/", {}), 404, "not_found")
    assert_error(outsider.get("/api/v1/matches/?company=maker"), 404, "not_found")
    assert AllianceProposal.objects.get().status == "open"


def test_the_wrong_side_of_a_proposal_is_refused(maker, trader, match):
    proposal = ok(maker.post(f"/api/v1/matches/{match.pk}/proposals/", TERMS, format="json"), 201)
    url = f"/api/v1/proposals/{proposal['id']}"

    for action in ("accept", "decline"):
        assert_error(maker.post(f"{url}/{action}/"), 403, "permission_denied")
    assert_error(maker.post(f"{url}/counter/", TERMS, format="json"), 403, "permission_denied")
    assert_error(trader.post(f"{url}/withdraw/"), 403, "permission_denied")
    # A second open version is refused.
    again = assert_error(
        trader.post(f"/api/v1/matches/{match.pk}/proposals/", TERMS, format="json"), 409, "conflict"
    )
    assert "already waiting" in again["message"]
    # Once answered, it can no longer be answered.
    ok(trader.post(f"{url}/accept/"), 201)
    assert_error(trader.post(f"{url}/decline/"), 409, "conflict")
    assert_error(maker.post(f"{url}/withdraw/"), 409, "conflict")
    assert Alliance.objects.count() == 1


@pytest.mark.parametrize(
    "change, fields",
    [
        ({"shared_goal": ""}, {"shared_goal"}),
        ({"starts_on": None}, {"starts_on"}),
        ({"starts_on": "next spring"}, {"starts_on"}),
        ({"duration_months": 0}, {"duration_months"}),
        ({"duration_months": None}, {"duration_months"}),
        ({"ends_on": f"{NEXT_YEAR}-06-01"}, {"ends_on"}),  # both an end and a duration
        (
            {"duration_months": None, "ends_on": f"{NEXT_YEAR}-03-01"},
            {"ends_on"},
        ),  # before the start
        ({"activities": ["dancing"]}, {"activities[0]"}),
        ({"conditions": "x" * 5001}, {"conditions"}),
        ({"shared_goal": "", "duration_months": 121}, {"shared_goal", "duration_months"}),
        ({"shared_goal": " \u3000\x1c "}, {"shared_goal"}),  # only what strip() removes
        ({"conditions": 0}, {"conditions"}),  # a number is not text (DRF read it as "0")
        ({"starts_on": "1999-12-31"}, {"starts_on"}),
        ({"starts_on": "2100-01-01"}, {"starts_on"}),
    ],
)
def test_invalid_terms_are_refused_by_field(maker, trader, match, change, fields):
    url = f"/api/v1/matches/{match.pk}/proposals/"

    body = assert_error(maker.post(url, {**TERMS, **change}, format="json"), 400, "invalid")

    assert set(body["fields"]) == fields
    assert not AllianceProposal.objects.exists()


def test_invalid_counter_terms_leave_the_open_version_open(maker, trader, match):
    proposal = ok(maker.post(f"/api/v1/matches/{match.pk}/proposals/", TERMS, format="json"), 201)

    response = trader.post(
        f"/api/v1/proposals/{proposal['id']}/counter/", {**TERMS, "shared_goal": ""}, format="json"
    )

    assert set(assert_error(response, 400, "invalid")["fields"]) == {"shared_goal"}
    assert AllianceProposal.objects.get().status == "open"


def test_lists_are_scoped_to_the_chosen_company(api_as, maker_user, maker, trader, match):
    second = CompanyFactory(key="second")
    MembershipFactory(company=second, user=maker_user)

    assert ok(maker.get("/api/v1/matches/?company=maker"))["count"] == 1
    assert ok(maker.get("/api/v1/matches/?company=second"))["count"] == 0
    assert ok(maker.get("/api/v1/interests/?box=sent&company=second"))["count"] == 0
    assert_error(maker.get("/api/v1/alliances/?company=trader"), 404, "not_found")


def test_a_move_made_on_a_page_shows_in_the_api(trader_user, maker, match):
    proposal = cocreation.proposal_create(
        user=trader_user,
        match=match,
        company=Company.objects.get(key="trader"),
        data={**TERMS, "starts_on": date(NEXT_YEAR, 4, 1)},
    )

    listed = ok(maker.get(f"/api/v1/matches/{match.pk}/proposals/"))["results"]
    assert [p["id"] for p in listed] == [proposal.pk]


# --- A second text in the partner's language ------------------------------------------------

SOON = (date.today() + timedelta(days=60)).isoformat()  # a proposal may not start in the past
EXISTING_FIELDS = {
    "id", "match", "version", "previous", "proposed_by", "shared_goal", "value_chain_change",
    "activities", "starts_on", "ends_on", "duration_months", "conditions", "status",
    "response_note", "answered_at", "created_at",
}  # fmt: skip


def test_a_proposal_carries_both_languages_and_an_optional_second_text(maker, trader, match):
    Company.objects.filter(key="maker").update(language="ja")
    terms = {**TERMS, "starts_on": SOON, "shared_goal": "発酵食品を欧州の食卓へ",
             "shared_goal_translation": "Fermented foods on European tables"}  # fmt: skip
    first = ok(maker.post(f"/api/v1/matches/{match.pk}/proposals/", terms, format="json"), 201)

    assert set(first) >= EXISTING_FIELDS  # the fields clients read before are all still there
    assert first["shared_goal"] == "発酵食品を欧州の食卓へ"
    assert first["languages"] == {"maker": "ja", "trader": "en"}
    # Without a language, the second text is in the partner's language.
    assert first["translation_language"] == "en"
    assert first["shared_goal_translation"] == "Fermented foods on European tables"
    assert first["conditions_translation"] == first["value_chain_change_translation"] == ""

    answer = {**TERMS, "starts_on": SOON, "translation_language": "ja",
              "conditions_translation": "費用は折半。"}  # fmt: skip
    second = ok(
        trader.post(f"/api/v1/proposals/{first['id']}/counter/", answer, format="json"), 201
    )
    assert (second["translation_language"], second["conditions_translation"]) == (
        "ja",
        "費用は折半。",
    )
    assert second["shared_goal_translation"] == ""
    listed = ok(maker.get(f"/api/v1/matches/{match.pk}/proposals/"))["results"]
    assert [p["translation_language"] for p in listed] == ["ja", "en"]


def test_a_proposal_without_a_second_text_reads_as_before(maker, match):
    first = ok(maker.post(f"/api/v1/matches/{match.pk}/proposals/", TERMS, format="json"), 201)
    assert first["translation_language"] == "" and first["shared_goal_translation"] == ""


@pytest.mark.parametrize(
    "change, fields",
    [
        (
            {"translation_language": "fr", "shared_goal_translation": "Buts"},
            {"translation_language"},
        ),
        ({"shared_goal_translation": "x" * 501}, {"shared_goal_translation"}),
        ({"conditions_translation": 5}, {"conditions_translation"}),
    ],
)
def test_a_bad_second_text_is_refused_by_field(maker, match, change, fields):
    url = f"/api/v1/matches/{match.pk}/proposals/"
    body = assert_error(maker.post(url, {**TERMS, **change}, format="json"), 400, "invalid")
    assert set(body["fields"]) == fields
    assert not AllianceProposal.objects.exists()


# --- A proposal starts today or later; its goal is visible text (issue #16) ---------------------


def test_a_start_in_the_past_is_a_conflict_naming_the_field(maker, trader, match):
    yesterday = cocreation.proposal_first_day() - timedelta(days=1)
    url = f"/api/v1/matches/{match.pk}/proposals/"

    body = assert_error(
        maker.post(url, {**TERMS, "starts_on": yesterday.isoformat()}, format="json"),
        409,
        "conflict",
    )

    assert list(body["fields"]) == ["starts_on"]
    assert f"Start: {yesterday.isoformat()} is in the past" in body["fields"]["starts_on"][0]
    assert "is in the past" in body["message"]
    assert not AllianceProposal.objects.exists()


def test_a_counter_starting_in_the_past_is_a_conflict(maker, trader, match):
    proposal = ok(maker.post(f"/api/v1/matches/{match.pk}/proposals/", TERMS, format="json"), 201)
    past = {**TERMS, "starts_on": "2020-04-01"}

    response = trader.post(f"/api/v1/proposals/{proposal['id']}/counter/", past, format="json")

    assert list(assert_error(response, 409, "conflict")["fields"]) == ["starts_on"]
    assert AllianceProposal.objects.get().status == "open"


def test_a_start_today_is_accepted(maker, trader, match):
    today = cocreation.proposal_first_day().isoformat()
    url = f"/api/v1/matches/{match.pk}/proposals/"
    assert ok(maker.post(url, {**TERMS, "starts_on": today}, format="json"), 201)["starts_on"] == (
        today
    )


@pytest.mark.parametrize("goal", ["\u200b", "\u200c\u200d\u2060", "\ufeff\u3000 \u200b"])
def test_a_shared_goal_of_invisible_characters_is_refused(maker, trader, match, goal):
    url = f"/api/v1/matches/{match.pk}/proposals/"

    body = assert_error(
        maker.post(url, {**TERMS, "shared_goal": goal}, format="json"), 400, "invalid"
    )

    assert body["fields"] == {
        "shared_goal": [
            "must contain visible text: spaces and invisible characters such as zero-width "
            "spaces do not count"
        ]
    }


def test_invisible_characters_at_the_edges_of_texts_are_trimmed(maker, trader, match):
    url = f"/api/v1/matches/{match.pk}/proposals/"
    padded = {**TERMS, "shared_goal": "\u200bTogether\ufeff", "conditions": "\u3000Ours\u2060"}

    created = ok(maker.post(url, padded, format="json"), 201)

    assert (created["shared_goal"], created["conditions"]) == ("Together", "Ours")
