"""The co-creation pages: who may open what, and that each form does what it says."""

from datetime import date, timedelta

import pytest

from partners.models import Alliance, AllianceProposal, Interest, Match, Notification
from partners.services import cocreation
from tests.factories import (
    NEXT_YEAR,
    CompanyFactory,
    MembershipFactory,
    UserFactory,
    suggestions_make,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def maker():
    return MembershipFactory(
        company=CompanyFactory(key="maker", name="Maker", contact_email="hello@maker.example")
    ).user


@pytest.fixture
def trader():
    company = CompanyFactory(
        key="trader", name="Trader", industry="G", industry_division="46",
        contact_email="sales@trader.example",
    )  # fmt: skip
    return MembershipFactory(company=company).user


def company_of(user):
    return user.companies.get()


def matched(maker, trader) -> Match:
    cocreation.interest_send(user=maker, sender=company_of(maker), recipient=company_of(trader))
    cocreation.interest_send(user=trader, sender=company_of(trader), recipient=company_of(maker))
    return Match.objects.get()


PAGES = ["/en/interests/", "/en/matches/", "/en/notifications/", "/en/notifications/settings/"]


@pytest.mark.parametrize("path", PAGES)
def test_anonymous_visitors_are_sent_to_sign_in(client, path):
    response = client.get(path)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_the_match_page_is_only_for_the_two_sides(client, maker, trader):
    match = matched(maker, trader)
    outsider = MembershipFactory().user
    client.force_login(outsider)
    assert client.get(f"/en/matches/{match.pk}/").status_code == 404
    client.force_login(maker)
    page = client.get(f"/en/matches/{match.pk}/").content.decode()
    assert "sales@trader.example" in page and "Propose an alliance" in page


def test_contact_details_appear_on_the_company_page_only_after_a_match(client, maker, trader):
    client.force_login(maker)
    assert "sales@trader.example" not in client.get("/en/companies/trader/").content.decode()
    matched(maker, trader)
    assert "sales@trader.example" in client.get("/en/companies/trader/").content.decode()


def test_expressing_interest_from_a_company_page(client, maker, trader):
    client.force_login(maker)
    assert "Express interest" in client.get("/en/companies/trader/").content.decode()
    response = client.post("/en/companies/trader/interest/", {"message": "Let's talk"})
    assert response.status_code == 302
    interest = Interest.objects.get()
    assert (interest.sender.key, interest.recipient.key, interest.message) == (
        "maker",
        "trader",
        "Let's talk",
    )
    assert "Interest sent" in client.get("/en/companies/trader/").content.decode()


def test_a_refused_interest_shows_why(client, maker, trader, settings):
    settings.INTEREST_DAILY_LIMIT = 0
    client.force_login(maker)
    response = client.post("/en/companies/trader/interest/", {"message": ""}, follow=True)
    assert "most allowed" in response.content.decode()
    assert not Interest.objects.exists()


def test_the_recipient_sees_the_interest_and_answers_it(client, maker, trader):
    cocreation.interest_send(
        user=maker, sender=company_of(maker), recipient=company_of(trader), message="Hello!"
    )
    client.force_login(trader)
    page = client.get("/en/interests/?box=received").content.decode()
    assert "Maker is interested in you" in page and "Hello!" in page
    assert "hello@maker.example" not in page  # no contact before a match
    response = client.post("/en/companies/maker/interest/", {"next": "/en/interests/?box=received"})
    match = Match.objects.get()
    assert response["Location"] == f"/en/matches/{match.pk}/"


def test_declining_an_interest_through_the_page(client, maker, trader):
    interest = cocreation.interest_send(
        user=maker, sender=company_of(maker), recipient=company_of(trader)
    )
    client.force_login(maker)  # the sender cannot decline it
    assert client.post(f"/en/interests/{interest.pk}/decline/").status_code == 404
    client.force_login(trader)
    client.post(f"/en/interests/{interest.pk}/decline/", {"reason": "Not our field"})
    interest.refresh_from_db()
    assert interest.status == "declined"
    client.force_login(maker)
    assert "Not our field" in client.get("/en/interests/?box=sent").content.decode()


def test_proposing_and_accepting_an_alliance_through_the_pages(client, maker, trader):
    match = matched(maker, trader)
    client.force_login(maker)
    response = client.post(
        f"/en/matches/{match.pk}/",
        {
            "propose-goal_choice": "",
            "propose-shared_goal": "Export precision parts together",
            "propose-starts_on": f"{NEXT_YEAR}-04-01",
            "propose-duration_months": "6",
            "propose-conditions": "Shared costs",
        },
    )
    assert response.status_code == 302
    proposal = AllianceProposal.objects.get()
    assert proposal.ends_on == date(NEXT_YEAR, 10, 1)
    client.force_login(trader)
    page = client.get(f"/en/matches/{match.pk}/").content.decode()
    assert "Accept the alliance" in page
    client.post(f"/en/proposals/{proposal.pk}/accept/")
    alliance = Alliance.objects.get()
    for key in ("maker", "trader"):
        page = client.get(f"/en/companies/{key}/").content.decode()
        assert "Export precision parts together" in page
    assert alliance.ends_on == date(NEXT_YEAR, 10, 1)


def test_a_bad_proposal_shows_errors_next_to_the_fields(client, maker, trader):
    match = matched(maker, trader)
    client.force_login(maker)
    response = client.post(
        f"/en/matches/{match.pk}/",
        {"propose-starts_on": f"{NEXT_YEAR}-04-01", "propose-shared_goal": ""},
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Choose a goal or write one." in page
    assert "Give an end date or a duration in months." in page
    assert not AllianceProposal.objects.exists()


def test_the_header_counts_unread_notifications_and_reading_clears_them(client, maker, trader):
    cocreation.interest_send(user=maker, sender=company_of(maker), recipient=company_of(trader))
    client.force_login(trader)
    page = client.get("/en/companies/").content.decode()
    assert 'data-testid="unread-count"' in page
    note = Notification.objects.get(user=trader)
    response = client.post(f"/en/notifications/{note.pk}/open/")
    assert response["Location"].startswith("/en/interests/")
    assert 'data-testid="unread-count"' not in client.get("/en/companies/").content.decode()


def test_a_member_cannot_open_someone_elses_notification(client, maker, trader):
    cocreation.interest_send(user=maker, sender=company_of(maker), recipient=company_of(trader))
    note = Notification.objects.get(user=trader)
    client.force_login(maker)
    assert client.post(f"/en/notifications/{note.pk}/open/").status_code == 404


def test_notification_settings_turn_e_mail_off(client, maker):
    client.force_login(maker)
    client.post("/en/notifications/settings/", {"email_kinds": ["match"], "language": "ja"})
    maker.refresh_from_db()
    assert maker.language == "ja"
    assert set(
        maker.notification_preferences.filter(email=False).values_list("kind", flat=True)
    ) == {"interest_received", "proposal", "accepted"}


def test_a_user_without_a_company_is_asked_to_create_one(client):
    client.force_login(UserFactory())
    response = client.get("/en/interests/")
    assert response.status_code == 302 and response["Location"] == "/en/new-company/"


# --- Personas: owner, member, outsider, anonymous --------------------------------------------

NEED_REASON = {
    "kind": "need_capability",
    "direction": "for_you",
    "need": "an export channel to Europe",
    "capability": "wholesale network in twelve European countries",
    "similarity": 0.9,
}
TERMS = {
    "shared_goal": "Fermented foods on European tables",
    "starts_on": date(NEXT_YEAR, 4, 1),
    "duration_months": 12,
}


@pytest.fixture
def colleague(trader):
    """A plain member (not the owner) of the trader's company."""
    return MembershipFactory(company=company_of(trader), role="member").user


def proposed(maker, trader) -> AllianceProposal:
    match = matched(maker, trader)
    return cocreation.proposal_create(
        user=maker, match=match, company=company_of(maker), data=TERMS
    )


@pytest.mark.parametrize("persona", ["owner", "member", "outsider", "anonymous"])
def test_who_opens_the_match_page(client, maker, trader, colleague, persona):
    match = matched(maker, trader)
    user = {"owner": trader, "member": colleague, "outsider": MembershipFactory().user}.get(persona)
    if user:
        client.force_login(user)
    response = client.get(f"/en/matches/{match.pk}/")
    if persona in ("owner", "member"):
        assert response.status_code == 200
        assert "hello@maker.example" in response.content.decode()
    elif persona == "outsider":
        assert response.status_code == 404
    else:
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]


@pytest.mark.parametrize("persona", ["owner", "member", "outsider"])
def test_who_sees_an_interest_received(client, maker, trader, colleague, persona):
    cocreation.interest_send(
        user=maker, sender=company_of(maker), recipient=company_of(trader), message="Hi there"
    )
    user = {"owner": trader, "member": colleague, "outsider": MembershipFactory().user}[persona]
    client.force_login(user)
    page = client.get("/en/interests/?box=received").content.decode()
    assert ("Hi there" in page) is (persona != "outsider")
    if persona == "outsider":
        assert "No company has expressed interest in yours yet." in page


@pytest.mark.parametrize("persona", ["owner", "member", "outsider"])
def test_who_lists_the_matches(client, maker, trader, colleague, persona):
    matched(maker, trader)
    user = {"owner": trader, "member": colleague, "outsider": MembershipFactory().user}[persona]
    client.force_login(user)
    page = client.get("/en/matches/").content.decode()
    assert ("hello@maker.example" in page) is (persona != "outsider")
    assert ("No matches yet." in page) is (persona == "outsider")


def test_a_plain_member_answers_for_the_company(client, maker, trader, colleague):
    proposal = proposed(maker, trader)
    client.force_login(colleague)
    client.post(f"/en/proposals/{proposal.pk}/accept/")
    proposal.refresh_from_db()
    assert proposal.status == "accepted" and proposal.answered_by == colleague


@pytest.mark.parametrize(
    "action", ["accept", "decline", "withdraw", "changes"], ids=lambda a: f"outsider-{a}"
)
def test_outsiders_cannot_touch_a_proposal(client, maker, trader, action):
    proposal = proposed(maker, trader)
    client.force_login(MembershipFactory().user)
    response = client.post(
        f"/en/proposals/{proposal.pk}/{action}/",
        {"counter-shared_goal": "Mine", "counter-starts_on": f"{NEXT_YEAR}-01-01",
         "counter-duration_months": "3"},
    )  # fmt: skip
    assert response.status_code == 404
    proposal.refresh_from_db()
    assert proposal.status == "open" and AllianceProposal.objects.count() == 1


@pytest.mark.parametrize(
    "path",
    ["/en/interests/1/decline/", "/en/proposals/1/accept/", "/en/proposals/1/changes/",
     "/en/alliances/1/privacy/", "/en/notifications/1/open/"],
)  # fmt: skip
def test_writes_answer_only_to_post(client, maker, path):
    client.force_login(maker)
    assert client.get(path).status_code == 405


def test_the_interest_form_is_for_companies_one_may_contact(client, maker, trader):
    client.force_login(maker)
    assert client.get("/en/companies/trader/interest/").status_code == 200
    assert client.get("/en/companies/maker/interest/").status_code == 404  # oneself
    company_of(trader).__class__.objects.filter(key="trader").update(visibility="partners")
    assert client.get("/en/companies/trader/interest/").status_code == 404
    assert client.post("/en/companies/trader/interest/", {"message": "x"}).status_code == 404
    suggestions_make(company_of(maker), company_of(trader))
    assert client.get("/en/companies/trader/interest/").status_code == 200
    client.post("/en/companies/trader/interest/", {"message": "Suggested to us"})
    assert Interest.objects.get().message == "Suggested to us"


def test_the_company_page_offers_interest_only_to_other_companies(client, maker, trader):
    client.force_login(maker)
    assert "Express interest" not in client.get("/en/companies/maker/").content.decode()
    client.force_login(UserFactory())  # signed in, no company yet
    assert "Express interest" not in client.get("/en/companies/trader/").content.decode()


def test_a_received_interest_shows_why_the_pair_was_suggested(client, maker, trader):
    suggestions_make(company_of(trader), company_of(maker), reasons=[NEED_REASON])
    cocreation.interest_send(user=maker, sender=company_of(maker), recipient=company_of(trader))
    client.force_login(trader)
    page = client.get("/en/interests/?box=received").content.decode()
    assert "wholesale network in twelve European countries" in page
    assert "Why them for you" in page


def test_without_its_own_row_the_reasons_come_from_the_senders_list(client, maker, trader):
    suggestions_make(company_of(maker), company_of(trader), reasons=[NEED_REASON])
    cocreation.interest_send(user=maker, sender=company_of(maker), recipient=company_of(trader))
    client.force_login(trader)
    page = client.get("/en/interests/?box=received").content.decode()
    assert "wholesale network in twelve European countries" in page
    assert "Why you for them" in page  # the sender's reason, seen from the recipient's side


def test_a_hidden_partner_shows_its_name_and_contact_only_on_the_match_page(client, maker, trader):
    match = matched(maker, trader)
    company_of(trader).__class__.objects.filter(key="trader").update(visibility="hidden")
    client.force_login(maker)
    assert client.get("/en/companies/trader/").status_code == 404
    page = client.get(f"/en/matches/{match.pk}/").content.decode()
    assert "Match with Trader" in page and "sales@trader.example" in page
    assert 'href="/en/companies/trader/"' not in page


# --- Proposal pages ---------------------------------------------------------------------------


def test_changes_make_a_new_version_shown_with_its_history(client, maker, trader):
    proposal = proposed(maker, trader)
    client.force_login(trader)
    response = client.post(
        f"/en/proposals/{proposal.pk}/changes/",
        {"counter-shared_goal": "Fermented foods in Europe and Asia",
         "counter-starts_on": f"{NEXT_YEAR}-06-01", "counter-ends_on": f"{NEXT_YEAR + 1}-05-31"},
    )  # fmt: skip
    assert response["Location"] == f"/en/matches/{proposal.match_id}/"
    new = AllianceProposal.objects.get(version=2)
    assert (new.status, new.previous, new.ends_on) == ("open", proposal, date(NEXT_YEAR + 1, 5, 31))
    proposal.refresh_from_db()
    assert proposal.status == "superseded"
    client.force_login(maker)
    page = client.get(f"/en/matches/{proposal.match_id}/").content.decode()
    assert "Fermented foods in Europe and Asia" in page and "Accept the alliance" in page
    assert "Fermented foods on European tables" in page  # version 1 stays in the history
    assert "Replaced by a newer version" in page


def test_the_proposer_withdraws_through_the_page(client, maker, trader):
    proposal = proposed(maker, trader)
    client.force_login(trader)  # not the proposer: refused with a message, nothing changes
    response = client.post(f"/en/proposals/{proposal.pk}/withdraw/", follow=True)
    assert "Only the side that proposed it can withdraw it." in response.content.decode()
    client.force_login(maker)
    client.post(f"/en/proposals/{proposal.pk}/withdraw/")
    proposal.refresh_from_db()
    assert proposal.status == "withdrawn"


def test_declining_a_proposal_with_a_note_the_proposer_sees(client, maker, trader):
    proposal = proposed(maker, trader)
    client.force_login(trader)
    client.post(f"/en/proposals/{proposal.pk}/decline/", {"reason": "Too early for us"})
    proposal.refresh_from_db()
    assert (proposal.status, proposal.response_note) == ("declined", "Too early for us")
    response = client.post(f"/en/proposals/{proposal.pk}/accept/", follow=True)
    assert "no longer open" in response.content.decode()
    assert not Alliance.objects.exists()
    client.force_login(maker)
    assert "Too early for us" in client.get(f"/en/matches/{proposal.match_id}/").content.decode()


def test_a_member_keeps_the_alliance_off_the_public_page(client, maker, trader, colleague):
    alliance = cocreation.proposal_accept(user=trader, proposal=proposed(maker, trader))
    trader_company = company_of(trader)
    visitor = MembershipFactory().user
    client.force_login(visitor)  # an outsider cannot change it
    response = client.post(
        f"/en/alliances/{alliance.pk}/privacy/", {"company": trader_company.pk, "private": "on"}
    )
    assert response.status_code == 404
    client.force_login(colleague)
    response = client.post(
        f"/en/alliances/{alliance.pk}/privacy/", {"company": trader_company.pk, "private": "on"}
    )
    assert response["Location"] == "/en/companies/trader/"
    goal = TERMS["shared_goal"]
    assert goal in client.get("/en/companies/trader/").content.decode()  # members still see it
    assert "Show it on our public page" in client.get("/en/companies/trader/").content.decode()
    client.force_login(visitor)
    assert goal not in client.get("/en/companies/trader/").content.decode()
    assert goal in client.get("/en/companies/maker/").content.decode()  # the maker did not


def test_a_proposal_starting_in_the_past_is_refused_next_to_the_start(client, maker, trader):
    match = matched(maker, trader)
    client.force_login(maker)
    yesterday = cocreation.proposal_first_day() - timedelta(days=1)
    response = client.post(
        f"/en/matches/{match.pk}/",
        {
            "propose-shared_goal": "Export precision parts together",
            "propose-starts_on": yesterday.isoformat(),
            "propose-duration_months": "6",
        },
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert f"Start: {yesterday.isoformat()} is in the past." in page
    assert "Export precision parts together" in page  # what was typed is kept
    assert not AllianceProposal.objects.exists()


def test_a_shared_goal_of_invisible_characters_is_refused(client, maker, trader):
    match = matched(maker, trader)
    client.force_login(maker)
    response = client.post(
        f"/en/matches/{match.pk}/",
        {
            "propose-shared_goal": "\u200b\u3000\u2060",
            "propose-starts_on": f"{NEXT_YEAR}-04-01",
            "propose-duration_months": "6",
        },
    )
    assert response.status_code == 200
    assert "Shared goal must contain visible text" in response.content.decode()
    assert not AllianceProposal.objects.exists()
