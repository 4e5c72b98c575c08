"""Notifications: who gets them, which go by e-mail (after commit, per preference, in the
recipient's language), and the pages that list them and set them."""

from datetime import date

import pytest
from django.core import mail
from django.utils import translation
from django.utils.translation import gettext

from partners.models import Membership, Notification
from partners.services import cocreation
from partners.services.notifications import notification_preferences_set
from tests.factories import NEXT_YEAR, CompanyFactory, MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery staple"  # the factories' password
TERMS = {
    "shared_goal": "Regional food without waste",
    "starts_on": date(NEXT_YEAR, 4, 1),
    "duration_months": 6,
}


@pytest.fixture
def maker():
    return MembershipFactory(company=CompanyFactory(key="maker", name="Maker")).user


@pytest.fixture
def trader():
    company = CompanyFactory(key="trader", name="Trader", industry="G", industry_division="46")
    return MembershipFactory(company=company).user


def company_of(user):
    return user.companies.get()


def send(user, recipient_user, **kwargs):
    return cocreation.interest_send(
        user=user, sender=company_of(user), recipient=company_of(recipient_user), **kwargs
    )


def kinds_of(user) -> list[str]:
    return sorted(Notification.objects.filter(user=user).values_list("kind", flat=True))


# --- Who is notified ------------------------------------------------------------------------


def test_every_active_member_of_the_notified_company_and_no_one_else(maker, trader):
    colleague = MembershipFactory(company=company_of(trader), role=Membership.Role.MEMBER).user
    departed = MembershipFactory(company=company_of(trader), user=UserFactory(is_active=False))
    bystander = MembershipFactory().user

    send(maker, trader)

    assert kinds_of(trader) == kinds_of(colleague) == ["interest_received"]
    assert kinds_of(departed.user) == kinds_of(bystander) == kinds_of(maker) == []
    note = Notification.objects.filter(user=colleague).get()
    assert (note.company, note.other) == (company_of(trader), company_of(maker))


def test_each_transition_notifies_the_side_that_must_hear_of_it(maker, trader):
    first = send(maker, trader)
    cocreation.interest_decline(user=trader, interest=first, reason="Later")
    assert kinds_of(maker) == ["interest_declined"]

    send(trader, maker)  # the trader changes its mind: a match, both told
    assert kinds_of(maker) == ["interest_declined", "match"]
    assert kinds_of(trader) == ["interest_received", "match"]

    match = cocreation.match_between(company_of(maker), company_of(trader))
    proposal = cocreation.proposal_create(
        user=maker, match=match, company=company_of(maker), data=TERMS
    )
    assert Notification.objects.filter(user=trader, kind="proposal", proposal=proposal).exists()
    cocreation.proposal_decline(user=trader, proposal=proposal, note="Too short")
    assert Notification.objects.filter(user=maker, kind="proposal_declined").exists()

    again = cocreation.proposal_create(
        user=trader, match=match, company=company_of(trader), data=TERMS
    )
    assert Notification.objects.filter(user=maker, kind="proposal", proposal=again).exists()
    cocreation.proposal_accept(user=maker, proposal=again)
    for user in (maker, trader):
        assert Notification.objects.filter(user=user, kind="accepted").count() == 1


# --- E-mail ---------------------------------------------------------------------------------


def test_e_mail_is_queued_only_when_the_transaction_commits(
    maker, trader, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        send(maker, trader)
    assert callbacks and mail.outbox == []

    for callback in callbacks:
        callback()

    [message] = mail.outbox
    assert message.to == [trader.email]


def test_declines_stay_in_the_app_and_the_four_kinds_go_by_e_mail(
    maker, trader, django_capture_on_commit_callbacks
):
    def mailed(action) -> list[tuple[str, str]]:
        mail.outbox.clear()
        with django_capture_on_commit_callbacks(execute=True):
            result = action()
        mailed.result = result
        return sorted((m.to[0], m.subject) for m in mail.outbox)

    interest_mail = mailed(lambda: send(maker, trader))
    assert interest_mail == [(trader.email, "Maker is interested in co-creating with you")]
    assert mailed(lambda: cocreation.interest_decline(user=trader, interest=mailed.result)) == []
    assert [to for to, _subject in mailed(lambda: send(trader, maker))] == sorted(
        [maker.email, trader.email]
    )
    match = cocreation.match_between(company_of(maker), company_of(trader))
    proposed = mailed(
        lambda: cocreation.proposal_create(
            user=maker, match=match, company=company_of(maker), data=TERMS
        )
    )
    assert proposed == [(trader.email, "Maker proposes an alliance")]
    proposal = mailed.result
    assert mailed(lambda: cocreation.proposal_decline(user=trader, proposal=proposal)) == []
    again = cocreation.proposal_create(
        user=trader, match=match, company=company_of(trader), data=TERMS
    )
    agreed = mailed(lambda: cocreation.proposal_accept(user=maker, proposal=again))
    assert sorted(agreed) == sorted(
        [
            (maker.email, "Your alliance with Trader is agreed"),
            (trader.email, "Your alliance with Maker is agreed"),
        ]
    )


def test_e_mail_is_plain_text_names_are_not_html_escaped(
    trader, django_capture_on_commit_callbacks
):
    name = """Bob <script>alert("x")</script> & Sons 'Ltd'"""
    bob = MembershipFactory(company=CompanyFactory(key="bob", name=name)).user
    message = 'Fish & chips <b>fresh</b>, "daily".'
    with django_capture_on_commit_callbacks(execute=True):
        send(bob, trader, message=message)

    [email] = mail.outbox
    assert email.subject == f"{name} is interested in co-creating with you"
    assert f"{name} has expressed interest in Trader." in email.body
    assert message in email.body
    assert "&lt;" not in email.subject + email.body and "&amp;" not in email.body
    assert "&#x27;" not in email.subject + email.body and "&quot;" not in email.body


def test_turning_one_kind_off_keeps_the_others(maker, trader, django_capture_on_commit_callbacks):
    colleague = MembershipFactory(company=company_of(trader), role=Membership.Role.MEMBER).user
    notification_preferences_set(user=trader, email_kinds=["match"], language="en")

    with django_capture_on_commit_callbacks(execute=True):
        send(maker, trader)
    assert [m.to for m in mail.outbox] == [[colleague.email]]  # only the colleague's choice
    assert kinds_of(trader) == ["interest_received"]  # still in the app

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        send(trader, maker)
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        [maker.email, trader.email, colleague.email]
    )


def test_each_member_reads_the_e_mail_in_their_own_language_with_absolute_links(
    maker, trader, settings, django_capture_on_commit_callbacks
):
    settings.SITE_URL = "https://kyoso.example/"
    colleague = MembershipFactory(company=company_of(trader), role=Membership.Role.MEMBER).user
    notification_preferences_set(user=trader, email_kinds=["interest_received"], language="ja")

    with django_capture_on_commit_callbacks(execute=True):
        send(maker, trader, message="Shall we talk?")

    by_recipient = {m.to[0]: m for m in mail.outbox}
    japanese, english = by_recipient[trader.email], by_recipient[colleague.email]
    with translation.override("ja"):
        subject_ja = gettext("%(other)s is interested in co-creating with you") % {"other": "Maker"}
    assert subject_ja != english.subject
    assert japanese.subject == subject_ja
    assert english.subject == "Maker is interested in co-creating with you"
    assert "https://kyoso.example/ja/interests/?box=received" in japanese.body
    assert "https://kyoso.example/ja/notifications/settings/" in japanese.body
    assert "https://kyoso.example/en/interests/?box=received" in english.body
    assert "Shall we talk?" in japanese.body and "Shall we talk?" in english.body


def test_the_e_mail_language_follows_the_language_the_user_signs_in_with(client, maker):
    assert maker.language == "en"
    response = client.post("/ja/accounts/login/", {"login": maker.email, "password": PASSWORD})
    assert response.status_code == 302
    maker.refresh_from_db()
    assert maker.language == "ja"


def test_the_e_mail_language_follows_the_page_the_user_acts_on(client, maker, trader):
    interest = send(maker, trader)
    client.force_login(trader)
    client.post(f"/ja/interests/{interest.pk}/decline/", {"reason": ""})
    trader.refresh_from_db()
    assert trader.language == "ja"


# --- The list page --------------------------------------------------------------------------


def test_the_list_shows_each_notification_and_links_it_to_its_page(client, maker, trader):
    send(maker, trader)
    send(trader, maker)
    client.force_login(trader)
    page = client.get("/en/notifications/").content.decode()
    assert "Maker is interested in your company." in page
    assert "s a match with Maker: you can now see each other" in page
    match_note = Notification.objects.get(user=trader, kind="match")
    response = client.post(f"/en/notifications/{match_note.pk}/open/")
    assert response["Location"] == f"/en/matches/{match_note.match_id}/"
    match_note.refresh_from_db()
    assert match_note.read_at is not None
    assert Notification.objects.get(user=trader, kind="interest_received").read_at is None


def test_mark_all_read_touches_only_ones_own(client, maker, trader):
    send(maker, trader)
    send(trader, maker)
    client.force_login(trader)
    assert "Mark all as read" in client.get("/en/notifications/").content.decode()

    response = client.post("/en/notifications/")

    assert response.status_code == 302 and response["Location"] == "/en/notifications/"
    assert not Notification.objects.filter(user=trader, read_at__isnull=True).exists()
    assert Notification.objects.filter(user=maker, read_at__isnull=True).count() == 1
    assert "Mark all as read" not in client.get("/en/notifications/").content.decode()


def test_marking_chosen_notifications_read_ignores_other_users_ids(client, maker, trader):
    send(maker, trader)
    send(trader, maker)
    theirs = Notification.objects.get(user=maker)
    mine = Notification.objects.filter(user=trader).order_by("pk")
    client.force_login(trader)

    client.post("/en/notifications/", {"ids": [mine[0].pk, theirs.pk]})

    assert [n.read_at is not None for n in mine.order_by("pk")] == [True, False]
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_the_list_is_paginated(client, maker):
    others = CompanyFactory.create_batch(25)
    Notification.objects.bulk_create(
        Notification(user=maker, kind="interest_received", company=company_of(maker), other=c)
        for c in others
    )
    client.force_login(maker)
    first = client.get("/en/notifications/").content.decode()
    second = client.get("/en/notifications/?page=2").content.decode()
    assert first.count('class="notification ') == 20 and "Page 1 of 2" in first
    assert second.count('class="notification ') == 5 and "Page 2 of 2" in second


def test_the_empty_list_says_what_will_appear(client):
    client.force_login(UserFactory())  # even without a company
    page = client.get("/en/notifications/").content.decode()
    assert "No notifications yet." in page and "Mark all as read" not in page


# --- The header -----------------------------------------------------------------------------


def test_the_header_shows_the_unread_count_to_each_member(client, maker, trader):
    colleague = MembershipFactory(company=company_of(trader), role=Membership.Role.MEMBER).user
    send(maker, trader)
    send(trader, maker)
    for user, count in ((trader, 2), (colleague, 2), (maker, 1)):
        client.force_login(user)
        page = client.get("/en/companies/").content.decode()
        assert f'<span class="visually-hidden">unread: </span>{count}</span>' in page
        assert 'href="/en/notifications/"' in page and 'href="/en/interests/"' in page
        assert 'href="/en/suggestions/"' in page


def test_the_header_has_no_count_when_all_is_read_and_no_links_for_visitors(client, maker):
    client.force_login(maker)
    page = client.get("/en/").content.decode()
    assert 'data-testid="unread-count"' not in page and "Notifications" in page
    client.logout()
    page = client.get("/en/").content.decode()
    assert 'href="/en/notifications/"' not in page and 'data-testid="unread-count"' not in page


# --- The settings page ----------------------------------------------------------------------


def test_settings_start_with_every_e_mail_on_and_the_users_language(client, maker):
    client.force_login(maker)
    page = client.get("/en/notifications/settings/").content.decode()
    assert page.count('type="checkbox"') == 4 and page.count("checked") == 4
    assert '<option value="en" selected>' in page


def test_settings_refuse_an_unknown_language(client, maker):
    client.force_login(maker)
    response = client.post(
        "/en/notifications/settings/", {"email_kinds": ["match"], "language": "xx"}
    )
    assert response.status_code == 200
    maker.refresh_from_db()
    assert maker.language == "en" and not maker.notification_preferences.exists()


def test_settings_are_each_users_own(client, maker, trader):
    client.force_login(trader)
    client.post("/en/notifications/settings/", {"email_kinds": [], "language": "en"})
    assert trader.notification_preferences.filter(email=False).count() == 4
    assert not maker.notification_preferences.exists()


def test_opening_a_match_reads_its_notifications_and_no_others(client, maker, trader):
    send(maker, trader)
    send(trader, maker)  # mutual: both get "match"
    match = cocreation.match_between(company_of(maker), company_of(trader))
    cocreation.proposal_create(user=maker, match=match, company=company_of(maker), data=TERMS)
    third = MembershipFactory(company=CompanyFactory(key="third", name="Third")).user
    send(third, trader)  # about another company: stays unread
    unread = Notification.objects.filter(read_at__isnull=True)
    assert set(unread.filter(user=trader).values_list("kind", flat=True)) == {
        "interest_received",
        "match",
        "proposal",
    }

    client.force_login(trader)
    assert client.get(f"/en/matches/{match.pk}/").status_code == 200

    assert sorted(unread.filter(user=trader).values_list("kind", "other__key")) == [
        ("interest_received", "maker"),
        ("interest_received", "third"),
    ]
    assert unread.filter(user=maker, kind="match").exists()  # the other side's own
