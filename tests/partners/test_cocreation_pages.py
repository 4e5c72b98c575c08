"""The co-creation pages: who may open what, and that each form does what it says."""

import html
import re
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


# --- Counter-proposals keep what the member typed; versions show what changed ---------------

SOON = date.today() + timedelta(days=60)  # future dates: a proposal may not start in the past


def iso(day: date) -> str:
    return day.isoformat()


def field_value(page: str, name: str) -> str | None:
    """The value an <input name=...> shows, or the text of a <textarea name=...>."""
    found = re.search(rf'<input[^>]*\bname="{name}"[^>]*>', page)
    if found:
        value = re.search(r'\bvalue="([^"]*)"', found.group(0))
        return html.unescape(value.group(1)) if value else None
    found = re.search(rf'<textarea[^>]*\bname="{name}"[^>]*>\n?(.*?)</textarea>', page, re.S)
    return html.unescape(found.group(1)) if found else None


def counter_panel(page: str) -> str:
    return re.search(r"<details[^>]*data-counter>", page).group(0)


def dated_proposal(maker, trader) -> AllianceProposal:
    """Version 1 with an end date (no duration), by the maker."""
    terms = {
        **TERMS,
        "starts_on": SOON,
        "duration_months": None,
        "ends_on": SOON + timedelta(days=200),
        "conditions": "Costs shared equally",
    }
    return cocreation.proposal_create(
        user=maker, match=matched(maker, trader), company=company_of(maker), data=terms
    )


def test_the_counter_form_is_prefilled_with_the_period_as_it_was_given(client, maker, trader):
    proposal = dated_proposal(maker, trader)
    client.force_login(trader)
    page = client.get(f"/en/matches/{proposal.match_id}/").content.decode()
    assert field_value(page, "counter-ends_on") == iso(proposal.ends_on)
    assert field_value(page, "counter-duration_months") is None  # never both
    assert " open" not in counter_panel(page)  # closed until the member opens it
    cocreation.proposal_withdraw(user=maker, proposal=proposal)
    by_duration = cocreation.proposal_create(
        user=maker, match=proposal.match, company=company_of(maker),
        data={**TERMS, "starts_on": SOON, "duration_months": 12},
    )  # fmt: skip
    page = client.get(f"/en/matches/{by_duration.match_id}/").content.decode()
    assert field_value(page, "counter-duration_months") == "12"
    assert field_value(page, "counter-ends_on") is None


def test_a_duration_typed_over_a_prefilled_end_date_is_taken(client, maker, trader):
    proposal = dated_proposal(maker, trader)
    client.force_login(trader)
    # What the browser sends: every prefilled value, plus the duration the member typed.
    response = client.post(
        f"/en/proposals/{proposal.pk}/changes/",
        {"counter-shared_goal": proposal.shared_goal, "counter-starts_on": iso(SOON),
         "counter-ends_on": iso(proposal.ends_on), "counter-duration_months": "18",
         "counter-conditions": "Costs shared equally"},
    )  # fmt: skip
    assert response.status_code == 302
    new = AllianceProposal.objects.get(version=2)
    assert new.duration_months == 18
    months = (new.ends_on.year - SOON.year) * 12 + new.ends_on.month - SOON.month
    assert months == 18  # the end is computed from the typed duration, not the old end date


def test_two_typed_periods_still_clash(client, maker, trader):
    match = matched(maker, trader)
    client.force_login(maker)
    response = client.post(
        f"/en/matches/{match.pk}/",
        {"propose-shared_goal": "Export together", "propose-starts_on": iso(SOON),
         "propose-ends_on": iso(SOON + timedelta(days=90)), "propose-duration_months": "6"},
    )  # fmt: skip
    assert response.status_code == 200
    assert "Give an end date or a duration, not both." in response.content.decode()
    assert not AllianceProposal.objects.exists()


def test_an_invalid_counter_keeps_every_value_and_the_panel_open(client, maker, trader):
    proposal = dated_proposal(maker, trader)
    client.force_login(trader)
    sent = {
        "counter-shared_goal": "",  # refused: no goal
        "counter-value_chain_change": "Harbour sells, Maker builds to EU specifications",
        "counter-activities": ["marketing_sales", "operations"],
        "counter-starts_on": iso(SOON + timedelta(days=31)),
        "counter-ends_on": "",
        "counter-duration_months": "500",  # refused: over 120
        "counter-conditions": "Costs shared 60/40 & results jointly owned",
        "counter-translation_language": "ja",
        "counter-conditions_translation": "費用は6対4で分担する",
    }
    response = client.post(f"/en/proposals/{proposal.pk}/changes/", sent)
    assert response.status_code == 200  # the match page again, not a redirect
    page = response.content.decode()
    assert " open" in counter_panel(page)
    for name in ("counter-value_chain_change", "counter-starts_on", "counter-duration_months",
                 "counter-conditions", "counter-conditions_translation"):  # fmt: skip
        assert field_value(page, name) == sent[name], name
    for code in sent["counter-activities"]:
        assert re.search(rf'name="counter-activities" value="{code}"[^>]*checked', page)
    assert re.search(r'<option value="ja" selected>', page)
    # The errors stand beside their fields.
    goal = re.search(r'id="id_counter-shared_goal_field".*?</div>', page, re.S).group(0)
    assert "Choose a goal or write one." in goal
    months = re.search(r'id="id_counter-duration_months_field".*?</div>', page, re.S).group(0)
    assert "less than or equal to 120" in months
    assert AllianceProposal.objects.count() == 1
    proposal.refresh_from_db()
    assert proposal.status == "open"


def test_a_counter_refused_by_the_rules_also_keeps_the_values(client, maker, trader):
    proposal = dated_proposal(maker, trader)
    client.force_login(trader)
    response = client.post(
        f"/en/proposals/{proposal.pk}/changes/",
        {"counter-shared_goal": "Export together", "counter-starts_on": iso(SOON),
         "counter-ends_on": iso(SOON - timedelta(days=1)),  # before the start
         "counter-conditions": "Typed with care"},
    )  # fmt: skip
    assert response.status_code == 200
    page = response.content.decode()
    assert " open" in counter_panel(page)
    assert "The end must come after the start." in page
    assert field_value(page, "counter-conditions") == "Typed with care"


def test_a_counter_to_a_version_answered_meanwhile_offers_the_values_again(client, maker, trader):
    proposal = dated_proposal(maker, trader)
    cocreation.proposal_withdraw(user=maker, proposal=proposal)
    client.force_login(trader)
    response = client.post(
        f"/en/proposals/{proposal.pk}/changes/",
        {"counter-shared_goal": "Export together", "counter-starts_on": iso(SOON),
         "counter-duration_months": "6", "counter-conditions": "Typed with care"},
    )  # fmt: skip
    page = response.content.decode()
    assert "This proposal is no longer open (Withdrawn)." in page
    assert field_value(page, "propose-conditions") == "Typed with care"
    assert field_value(page, "propose-duration_months") == "6"


def test_an_invalid_first_proposal_keeps_every_value(client, maker, trader):
    match = matched(maker, trader)
    client.force_login(maker)
    sent = {"propose-shared_goal": "", "propose-starts_on": iso(SOON),
            "propose-duration_months": "7", "propose-conditions": "Shared costs",
            "propose-value_chain_change": "We build, they sell"}  # fmt: skip
    page = client.post(f"/en/matches/{match.pk}/", sent).content.decode()
    for name, value in sent.items():
        assert field_value(page, name) == value, name
    assert "Choose a goal or write one." in page


def test_each_version_shows_what_changed_from_the_one_before(client, maker, trader):
    proposal = dated_proposal(maker, trader)
    later_start = SOON + timedelta(days=31)
    long_conditions = (
        "Costs shared 60/40; results owned jointly; each side keeps its own customers."
    )
    cocreation.proposal_counter(
        user=trader, proposal=proposal,
        data={**TERMS, "starts_on": later_start, "duration_months": 12,
              "conditions": long_conditions},
    )  # fmt: skip
    client.force_login(maker)
    page = client.get(f"/en/matches/{proposal.match_id}/").content.decode()
    changes = re.search(r"<div class=\"changes\" data-changes>.*?</ul>", page, re.S).group(0)
    assert "Changes from version 1" in changes
    start = re.search(r'<li data-change="starts_on">.*?</li>', changes, re.S).group(0)
    assert "Start:" in start and f"{iso(SOON)}</time>" in start
    assert f"{iso(later_start)}</time>" in start and "→" in start
    assert 'data-change="duration_months"' in changes  # an end date became a duration
    conditions = re.search(r'<li data-change="conditions">.*?</li>', changes, re.S).group(0)
    assert "Before:" in conditions and "Costs shared equally" in conditions
    assert "After:" in conditions and long_conditions in conditions
    assert 'data-change="shared_goal"' not in changes  # the goal did not change
    assert page.count("data-changes") == 1  # version 1 has nothing to compare with


def test_both_languages_and_the_second_text_show_on_the_match_page(client, maker, trader):
    company_of(maker).__class__.objects.filter(key="maker").update(language="ja")
    match = matched(maker, trader)
    client.force_login(maker)
    form = client.get(f"/en/matches/{match.pk}/").content.decode()
    # The partner writes English: the second-text fields are open, English chosen.
    assert re.search(r"<details[^>]*open data-second-text-fields", form)
    assert re.search(r'<option value="en" selected>', form)
    client.post(
        f"/en/matches/{match.pk}/",
        {"propose-shared_goal": "発酵食品を欧州の食卓へ", "propose-starts_on": iso(SOON),
         "propose-duration_months": "12", "propose-translation_language": "en",
         "propose-shared_goal_translation": "Fermented foods on European tables"},
    )  # fmt: skip
    proposal = AllianceProposal.objects.get()
    assert (proposal.translation_language, proposal.shared_goal_translation) == (
        "en", "Fermented foods on European tables")  # fmt: skip
    client.force_login(trader)
    page = client.get(f"/en/matches/{match.pk}/").content.decode()
    languages = re.search(r"<p class=\"languages\" data-languages>.*?</p>", page).group(0)
    assert "Maker: Japanese" in languages and "Trader: English" in languages
    second = re.search(r'<div class="second-text" lang="en" data-second-text>.*?</div>', page)
    assert "Fermented foods on European tables" in second.group(0)
    assert "発酵食品を欧州の食卓へ" in page  # beside the original
    # Answering, the trader's own language comes first, the maker's second.
    assert field_value(page, "counter-shared_goal") == "Fermented foods on European tables"
    assert field_value(page, "counter-shared_goal_translation") == "発酵食品を欧州の食卓へ"
    assert re.search(r'<option value="ja" selected>', page)


def test_the_proposing_side_cannot_counter_its_own_version_and_is_told_why(client, maker, trader):
    proposal = dated_proposal(maker, trader)
    client.force_login(maker)
    response = client.post(
        f"/en/proposals/{proposal.pk}/changes/",
        {"counter-shared_goal": "Mine", "counter-starts_on": iso(SOON),
         "counter-duration_months": "3"},
    )  # fmt: skip
    assert "Only the other side can answer this proposal." in response.content.decode()
    assert AllianceProposal.objects.count() == 1


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
