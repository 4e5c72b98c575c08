"""The team page and the invitation link, as owners, plain members, invitees and others
meet them."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from allauth.account.models import EmailAddress
from django.contrib.messages import get_messages
from django.core import mail
from django.test import Client
from django.utils import timezone

from partners.models import Invitation, Membership, User
from partners.services import teams
from tests.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db

COLLEAGUE = "colleague@example.com"


def client_of(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def shown(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


@pytest.fixture
def invite(owner, company, django_capture_on_commit_callbacks):
    """An invitation of COLLEAGUE by ``owner`` and the token its e-mail carries."""

    def make(email=COLLEAGUE, role="member"):
        with django_capture_on_commit_callbacks(execute=True):
            invitation = teams.invitation_create(
                user=owner, company=company, email=email, role=role, language="en"
            )
        token = re.search(r"/invitations/([\w-]+)/", mail.outbox[-1].body).group(1)
        return invitation, token

    return make


# --- The team page -------------------------------------------------------------------------


def test_the_company_page_links_the_team_page_for_its_members_only(
    owner, member, outsider, company
):
    url = f"/en/companies/{company.key}/"
    team = f"/en/companies/{company.key}/team/"

    assert team in client_of(owner).get(url).content.decode()
    assert team in client_of(member).get(url).content.decode()
    assert team not in client_of(outsider).get(url).content.decode()


def test_an_owner_sees_members_with_roles_and_the_buttons_to_manage(owner, member, company):
    response = client_of(owner).get(f"/en/companies/{company.key}/team/")
    body = response.content.decode()

    assert response.status_code == 200
    assert owner.email in body and member.email in body
    assert "Owner" in body and "Member" in body
    assert "Send invitation" in body and "Change role" in body and "Remove" in body


def test_a_plain_member_sees_the_team_but_no_buttons_to_change_it(owner, member, company, invite):
    invite()
    body = client_of(member).get(f"/en/companies/{company.key}/team/").content.decode()

    assert owner.email in body and COLLEAGUE in body
    assert "Send invitation" not in body and "Change role" not in body
    assert "Revoke" not in body and "Only the company's owners" in body
    assert "Leave " in body


def test_others_get_404_as_for_a_missing_company(outsider, staff, company):
    for user in (outsider, staff, UserFactory()):
        assert client_of(user).get(f"/en/companies/{company.key}/team/").status_code == 404


def test_an_owner_invites_from_the_page_in_the_page_language(
    owner, company, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client_of(owner).post(
            f"/ja/companies/{company.key}/team/", {"email": COLLEAGUE, "role": "owner"}
        )

    assert response.status_code == 302
    invitation = Invitation.objects.get()
    assert (invitation.email, invitation.role, invitation.invited_by) == (COLLEAGUE, "owner", owner)
    assert "/ja/invitations/" in mail.outbox[0].body


def test_a_refused_invitation_is_shown_on_the_form_and_keeps_what_was_typed(owner, member, company):
    response = client_of(owner).post(
        f"/en/companies/{company.key}/team/", {"email": member.email, "role": "owner"}
    )

    assert response.status_code == 200
    body = response.content.decode()
    assert f"{member.email} is already a member" in body
    assert f'value="{member.email}"' in body
    assert not Invitation.objects.exists()


def test_a_plain_member_posting_the_form_is_refused(member, company):
    response = client_of(member).post(
        f"/en/companies/{company.key}/team/", {"email": COLLEAGUE, "role": "owner"}
    )

    assert response.status_code == 302
    assert any("Only owners" in m for m in shown(response))
    assert not Invitation.objects.exists()


def test_an_owner_revokes_and_resends_from_the_page(
    owner, company, invite, django_capture_on_commit_callbacks
):
    invitation, _token = invite()
    client = client_of(owner)
    base = f"/en/companies/{company.key}/team/invitations"

    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"{base}/{invitation.pk}/resend/")
    assert len(mail.outbox) == 2
    newer = Invitation.objects.get(revoked_at__isnull=True)
    client.post(f"{base}/{newer.pk}/revoke/")

    assert not Invitation.objects.filter(revoked_at__isnull=True).exists()


def test_the_last_owner_is_told_to_hand_over_first(owner, member, company):
    client = client_of(owner)
    mine = Membership.objects.get(user=owner)

    leave = client.post(f"/en/companies/{company.key}/team/leave/")
    demote = client.post(
        f"/en/companies/{company.key}/team/members/{mine.pk}/role/", {"role": "member"}
    )

    for response in (leave, demote):
        assert response.status_code == 302
        assert any("hand over ownership first" in m for m in shown(response))
    assert Membership.objects.get(user=owner).role == "owner"


def test_an_owner_changes_a_role_and_removes_a_member(owner, member, company):
    client = client_of(owner)
    theirs = Membership.objects.get(user=member)
    base = f"/en/companies/{company.key}/team/members/{theirs.pk}"

    client.post(f"{base}/role/", {"role": "owner"})
    assert Membership.objects.get(pk=theirs.pk).role == "owner"
    client.post(f"{base}/remove/")
    assert not Membership.objects.filter(pk=theirs.pk).exists()


def test_a_plain_member_cannot_remove_or_promote_through_the_page(owner, member, company):
    client = client_of(member)
    owners = Membership.objects.get(user=owner)
    mine = Membership.objects.get(user=member)

    client.post(f"/en/companies/{company.key}/team/members/{owners.pk}/remove/")
    client.post(f"/en/companies/{company.key}/team/members/{mine.pk}/role/", {"role": "owner"})

    assert Membership.objects.get(pk=owners.pk).role == "owner"
    assert Membership.objects.get(pk=mine.pk).role == "member"


def test_a_membership_of_another_company_is_404_through_this_one(owner, outsider, company):
    theirs = Membership.objects.get(user=outsider)

    response = client_of(owner).post(
        f"/en/companies/{company.key}/team/members/{theirs.pk}/remove/"
    )

    assert response.status_code == 404
    assert Membership.objects.filter(pk=theirs.pk).exists()


def test_a_member_leaves_and_loses_the_team_page(member, company):
    client = client_of(member)

    response = client.post(f"/en/companies/{company.key}/team/leave/")

    assert response.status_code == 302
    assert not Membership.objects.filter(user=member).exists()
    assert client.get(f"/en/companies/{company.key}/team/").status_code == 404


# --- The invitation link -------------------------------------------------------------------


def test_signed_out_the_link_offers_sign_in_and_sign_up_coming_back(invite, company, client):
    _invitation, token = invite()
    link = f"/en/invitations/{token}/"

    response = client.get(link)
    body = response.content.decode()

    assert response.status_code == 200
    assert company.name in body and COLLEAGUE in body
    assert f"/en/accounts/signup/?next=%2Fen%2Finvitations%2F{token}%2F" in body
    assert f"/en/accounts/login/?next=%2Fen%2Finvitations%2F{token}%2F" in body


def test_signing_up_from_the_link_needs_no_second_confirmation_and_comes_back(
    invite, company, client
):
    _invitation, token = invite()
    link = f"/en/invitations/{token}/"
    client.get(link)
    mail.outbox.clear()

    password = "a-colleague-Passw0rd"
    response = client.post(
        f"/en/accounts/signup/?next={link}",
        {
            "email": COLLEAGUE,
            "password1": password,
            "password2": password,
            "next": link,
            "consent": "on",
        },  # fmt: skip
    )

    assert response.status_code == 302 and response["Location"] == link
    assert mail.outbox == []  # the invitation proved the address
    page = client.get(link)
    assert page.status_code == 200 and b"Join " in page.content
    joined = client.post(link)
    assert joined["Location"] == f"/en/companies/{company.key}/"
    user = Membership.objects.get(company=company, role="member").user
    assert user.email == COLLEAGUE


def test_signing_up_from_the_link_with_another_address_still_needs_its_confirmation(invite, client):
    _invitation, token = invite()
    client.get(f"/en/invitations/{token}/")
    mail.outbox.clear()

    password = "a-colleague-Passw0rd"
    response = client.post(
        "/en/accounts/signup/",
        {
            "email": "other@example.com",
            "password1": password,
            "password2": password,
            "consent": "on",
        },  # fmt: skip
    )

    assert response["Location"] == "/en/accounts/confirm-email/"
    assert [m.to for m in mail.outbox] == [["other@example.com"]]
    assert "/confirm-email/" in mail.outbox[0].body
    user = User.objects.get(email="other@example.com")
    assert not EmailAddress.objects.filter(user=user, email=COLLEAGUE).exists()


def test_the_invited_account_accepts_and_joins(invite, company):
    _invitation, token = invite(role="owner")
    colleague = UserFactory(email=COLLEAGUE)
    client = client_of(colleague)

    page = client.get(f"/en/invitations/{token}/")
    response = client.post(f"/en/invitations/{token}/")

    assert b"Join " in page.content
    assert response.status_code == 302
    assert any("Welcome to the team" in m for m in shown(response))
    assert Membership.objects.get(user=colleague, company=company).role == "owner"
    assert client.get(f"/en/invitations/{token}/").status_code == 200  # used: says so


def test_a_wrong_account_gets_a_clear_page_and_cannot_accept(invite, company):
    _invitation, token = invite()
    stranger = UserFactory(email="stranger@example.com")
    client = client_of(stranger)

    page = client.get(f"/en/invitations/{token}/").content.decode()
    response = client.post(f"/en/invitations/{token}/")

    assert 'data-state="wrong_account"' in page
    assert "You are signed in as stranger@example.com, but this invitation is for" in page
    assert any("sign in with that address" in m for m in shown(response))
    assert not Membership.objects.filter(user=stranger).exists()


@pytest.mark.parametrize("state", ["expired", "revoked", "accepted"])
def test_a_closed_link_gets_a_clear_page(invite, owner, company, state):
    invitation, token = invite()
    colleague = UserFactory(email=COLLEAGUE)
    if state == "expired":
        Invitation.objects.filter(pk=invitation.pk).update(expires_at=timezone.now())
    elif state == "revoked":
        teams.invitation_revoke(user=owner, invitation=invitation)
    else:
        teams.invitation_accept(user=colleague, token=token)
        Membership.objects.filter(user=colleague).delete()
    client = client_of(colleague)

    page = client.get(f"/en/invitations/{token}/").content.decode()
    client.post(f"/en/invitations/{token}/")

    assert f'data-state="{state}"' in page
    assert "Join " not in page.split("</h1>", 1)[1]  # no button to join
    assert not Membership.objects.filter(user=colleague).exists()


def test_an_unknown_link_answers_404_with_a_clear_page(client, db):
    response = client.get("/en/invitations/not-a-real-token/")

    assert response.status_code == 404
    assert b"This invitation link is not valid" in response.content


def test_an_expired_link_names_the_date(invite):
    invitation, token = invite()
    Invitation.objects.filter(pk=invitation.pk).update(
        expires_at=timezone.now() - timedelta(days=2)
    )

    body = Client().get(f"/en/invitations/{token}/").content.decode()

    assert "This invitation expired on" in body


def test_accepting_signed_out_sends_to_the_login_page(invite):
    _invitation, token = invite()

    response = Client().post(f"/en/invitations/{token}/")

    assert response.status_code == 302 and response["Location"].startswith("/en/accounts/login/")
    assert not Membership.objects.filter(user__email=COLLEAGUE).exists()


def test_two_owners_making_each_other_members_leave_one_owner(owner, company):
    """The second change sees the first (at the same moment: test_team_concurrency)."""
    second = MembershipFactory(company=company, role="owner").user
    a, b = Membership.objects.get(user=owner), Membership.objects.get(user=second)

    client_of(owner).post(
        f"/en/companies/{company.key}/team/members/{b.pk}/role/", {"role": "member"}
    )
    client_of(second).post(
        f"/en/companies/{company.key}/team/members/{a.pk}/role/", {"role": "member"}
    )

    assert Membership.objects.filter(company=company, role="owner").count() == 1
