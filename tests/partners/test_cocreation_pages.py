"""The co-creation pages: who may open what, and that each form does what it says."""

from datetime import date

import pytest

from partners.models import Alliance, AllianceProposal, Interest, Match, Notification
from partners.services import cocreation
from tests.factories import CompanyFactory, MembershipFactory, UserFactory

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
            "propose-starts_on": "2027-04-01",
            "propose-duration_months": "6",
            "propose-conditions": "Shared costs",
        },
    )
    assert response.status_code == 302
    proposal = AllianceProposal.objects.get()
    assert proposal.ends_on == date(2027, 10, 1)
    client.force_login(trader)
    page = client.get(f"/en/matches/{match.pk}/").content.decode()
    assert "Accept the alliance" in page
    client.post(f"/en/proposals/{proposal.pk}/accept/")
    alliance = Alliance.objects.get()
    for key in ("maker", "trader"):
        page = client.get(f"/en/companies/{key}/").content.decode()
        assert "Export precision parts together" in page
    assert alliance.ends_on == date(2027, 10, 1)


def test_a_bad_proposal_shows_errors_next_to_the_fields(client, maker, trader):
    match = matched(maker, trader)
    client.force_login(maker)
    response = client.post(
        f"/en/matches/{match.pk}/", {"propose-starts_on": "2027-04-01", "propose-shared_goal": ""}
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
