"""Withdrawing a sent interest while it waits for an answer: the service's rules, what the
recipient no longer sees, the daily limit, the page's button and its door."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import timezone

from partners.models import (
    Company,
    Interest,
    InterestWithdrawal,
    Match,
    Notification,
    Webhook,
    WebhookDelivery,
)
from partners.services import cocreation
from partners.services.webhooks import webhook_create
from tests.factories import CompanyFactory, MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def maker():
    return MembershipFactory(company=CompanyFactory(key="maker", name="Maker")).user


@pytest.fixture
def trader():
    company = CompanyFactory(key="trader", name="Trader", industry="G", industry_division="46")
    return MembershipFactory(company=company).user


def company_of(user) -> Company:
    return user.companies.get()


def refusal(action, **kwargs) -> ValidationError:
    with pytest.raises(ValidationError) as caught:
        action(**kwargs)
    return caught.value


# --- The service --------------------------------------------------------------------------------


def test_the_sender_withdraws_a_pending_interest_and_the_recipient_no_longer_sees_it(maker, trader):
    a, b = company_of(maker), company_of(trader)
    colleague = MembershipFactory(company=a).user
    interest = cocreation.interest_send(user=maker, sender=a, recipient=b, message="Hello")
    assert Notification.objects.filter(user=trader, kind="interest_received").exists()

    withdrawal = cocreation.interest_withdraw(user=colleague, interest=interest)

    assert not Interest.objects.exists()
    assert not Notification.objects.filter(user=trader).exists()
    assert (withdrawal.sender, withdrawal.recipient, withdrawal.withdrawn_by) == (a, b, colleague)
    assert withdrawal.interest_id == interest.pk and withdrawal.sent_at == interest.created_at


def test_only_the_senders_members_may_withdraw(maker, trader):
    a, b = company_of(maker), company_of(trader)
    interest = cocreation.interest_send(user=maker, sender=a, recipient=b)

    for user in (trader, UserFactory(), MembershipFactory().user):
        assert refusal(cocreation.interest_withdraw, user=user, interest=interest).error_list[
            0
        ].code == ("forbidden")

    assert Interest.objects.get().status == Interest.Status.PENDING
    assert not InterestWithdrawal.objects.exists()


def test_an_answered_interest_cannot_be_withdrawn(maker, trader):
    a, b = company_of(maker), company_of(trader)
    declined = cocreation.interest_send(user=maker, sender=a, recipient=b)
    cocreation.interest_decline(user=trader, interest=declined)
    error = refusal(cocreation.interest_withdraw, user=maker, interest=declined)
    assert error.error_list[0].code == "conflict" and "waiting for an answer" in error.messages[0]

    other = CompanyFactory(key="other", industry="J")
    other_user = MembershipFactory(company=other).user
    mine = cocreation.interest_send(user=maker, sender=a, recipient=other)
    cocreation.interest_send(user=other_user, sender=other, recipient=a)  # a match
    error = refusal(cocreation.interest_withdraw, user=maker, interest=mine)
    assert error.error_list[0].code == "conflict"
    assert Match.objects.count() == 1 and Interest.objects.count() == 3


def test_withdrawing_twice_is_refused_as_a_conflict(maker, trader):
    interest = cocreation.interest_send(
        user=maker, sender=company_of(maker), recipient=company_of(trader)
    )
    cocreation.interest_withdraw(user=maker, interest=interest)

    error = refusal(cocreation.interest_withdraw, user=maker, interest=interest)

    assert error.error_list[0].code == "conflict"
    assert InterestWithdrawal.objects.count() == 1


def test_after_withdrawing_the_pair_is_as_before(maker, trader):
    a, b = company_of(maker), company_of(trader)
    cocreation.interest_withdraw(
        user=maker, interest=cocreation.interest_send(user=maker, sender=a, recipient=b)
    )

    # The other side's interest is not mutual with a withdrawn one: no match.
    back = cocreation.interest_send(user=trader, sender=b, recipient=a)
    assert back.status == Interest.Status.PENDING and not Match.objects.exists()
    # And the sender may express interest again: now it is mutual.
    again = cocreation.interest_send(user=maker, sender=a, recipient=b)
    assert again.status == Interest.Status.MUTUAL and Match.objects.count() == 1


def test_a_withdrawn_interest_still_counts_against_the_daily_limit(maker, settings):
    settings.INTEREST_DAILY_LIMIT = 2
    a = company_of(maker)
    target, other = CompanyFactory(industry="J"), CompanyFactory(industry="J")
    cocreation.interest_withdraw(
        user=maker, interest=cocreation.interest_send(user=maker, sender=a, recipient=target)
    )
    cocreation.interest_send(user=maker, sender=a, recipient=target)  # sent again: 2 today

    # Sending and withdrawing does not give the send back.
    with pytest.raises(ValidationError, match="2 times in the last 24 hours"):
        cocreation.interest_send(user=maker, sender=a, recipient=other)
    # Sent more than a day ago: no longer counted.
    InterestWithdrawal.objects.update(sent_at=timezone.now() - timedelta(hours=25))
    cocreation.interest_send(user=maker, sender=a, recipient=other)


def test_the_recipients_webhooks_hear_of_the_withdrawal(maker, trader):
    a, b = company_of(maker), company_of(trader)
    webhook_create(
        user=trader, company=b, url="http://127.0.0.1:9/hook", events=["interest.withdrawn"]
    )
    webhook_create(
        user=maker, company=a, url="http://127.0.0.1:9/mine", events=["interest.withdrawn"]
    )
    interest = cocreation.interest_send(user=maker, sender=a, recipient=b)

    cocreation.interest_withdraw(user=maker, interest=interest)

    [delivery] = WebhookDelivery.objects.filter(event="interest.withdrawn")
    assert delivery.webhook.company == b
    assert delivery.payload == {
        "company": "trader",
        "partner": "maker",
        "partner_name": "Maker",
        "interest_id": interest.pk,
    }
    assert "interest.withdrawn" in Webhook.Event.values


# --- The page -----------------------------------------------------------------------------------

SENT = "/en/interests/?box=sent"


def test_the_sent_box_offers_to_withdraw_only_a_pending_interest(client, maker, trader):
    a, b = company_of(maker), company_of(trader)
    pending = cocreation.interest_send(user=maker, sender=a, recipient=b)
    other = CompanyFactory(key="other", industry="J")
    declined = cocreation.interest_send(user=maker, sender=a, recipient=other)
    cocreation.interest_decline(user=MembershipFactory(company=other).user, interest=declined)
    client.force_login(maker)

    html = client.get(SENT).content.decode()

    assert f"/en/interests/{pending.pk}/withdraw/" in html
    assert f"/en/interests/{declined.pk}/withdraw/" not in html
    assert "Withdraw this interest" in html


def test_withdrawing_from_the_page(client, maker, trader):
    a, b = company_of(maker), company_of(trader)
    interest = cocreation.interest_send(user=maker, sender=a, recipient=b, message="Hello")
    client.force_login(maker)

    response = client.post(f"/en/interests/{interest.pk}/withdraw/", {"next": SENT}, follow=True)

    assert response.redirect_chain[-1][0] == SENT
    messages = [str(m) for m in response.context["messages"]]
    assert messages == ["You withdrew your interest in Trader. They no longer see it."]
    assert not Interest.objects.exists()
    client.force_login(trader)
    received = client.get("/en/interests/").content.decode()
    assert "Maker is interested in you" not in received and "Hello" not in received
    assert "Maker is interested" not in client.get("/en/notifications/").content.decode()


def test_withdrawing_from_the_page_in_japanese(client, maker, trader):
    interest = cocreation.interest_send(
        user=maker, sender=company_of(maker), recipient=company_of(trader)
    )
    client.force_login(maker)
    html = client.get("/ja/interests/?box=sent").content.decode()
    assert "この関心を取り下げる" in html

    response = client.post(f"/ja/interests/{interest.pk}/withdraw/", follow=True)

    assert "関心を取り下げました" in str(list(response.context["messages"])[0])


def test_a_refused_withdrawal_is_reported(client, maker, trader):
    interest = cocreation.interest_send(
        user=maker, sender=company_of(maker), recipient=company_of(trader)
    )
    cocreation.interest_decline(user=trader, interest=interest)
    client.force_login(maker)

    response = client.post(f"/en/interests/{interest.pk}/withdraw/", follow=True)

    messages = [str(m) for m in response.context["messages"]]
    assert messages == ["Only an interest still waiting for an answer can be withdrawn."]
    assert Interest.objects.get().status == Interest.Status.DECLINED


def test_the_withdraw_door_is_post_only_with_csrf_and_only_for_the_sender(maker, trader):
    interest = cocreation.interest_send(
        user=maker, sender=company_of(maker), recipient=company_of(trader)
    )
    url = f"/en/interests/{interest.pk}/withdraw/"
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(maker)
    assert browser.get(url).status_code == 405
    assert browser.post(url).status_code == 403
    recipient = Client()
    recipient.force_login(trader)
    assert recipient.post(url).status_code == 404
    assert Interest.objects.exists()


def test_the_company_page_offers_to_withdraw_a_pending_interest(client, maker, trader):
    interest = cocreation.interest_send(
        user=maker, sender=company_of(maker), recipient=company_of(trader)
    )
    client.force_login(maker)
    page = "/en/companies/trader/"
    assert f"/en/interests/{interest.pk}/withdraw/" in client.get(page).content.decode()

    response = client.post(f"/en/interests/{interest.pk}/withdraw/", {"next": page}, follow=True)

    assert response.redirect_chain[-1][0] == page
    html = response.content.decode()
    assert "/withdraw/" not in html and "/en/companies/trader/interest/" in html
