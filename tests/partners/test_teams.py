"""Teams: owners invite colleagues by e-mail, change roles and remove people; anyone may
leave; a company always keeps an owner. The rules live in ``partners.services.teams``."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone, translation

from partners.models import Invitation, Membership
from partners.selectors import invitation_digest
from partners.services import teams
from tests.factories import CompanyFactory, MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db

COLLEAGUE = "colleague@example.com"


@pytest.fixture
def send(django_capture_on_commit_callbacks):
    """invite(...) as the service, with its e-mail sent (the commit run); returns the
    invitation and the token its e-mail carries."""

    def invite(*, user, company, email=COLLEAGUE, role="member", language="en"):
        with django_capture_on_commit_callbacks(execute=True):
            invitation = teams.invitation_create(
                user=user, company=company, email=email, role=role, language=language
            )
        return invitation, token_in(mail.outbox[-1].body)

    return invite


def token_in(body: str) -> str:
    return re.search(r"/invitations/([\w-]+)/", body).group(1)


def membership(user, company) -> Membership | None:
    return Membership.objects.filter(user=user, company=company).first()


# --- Inviting ------------------------------------------------------------------------------


def test_an_owner_invites_and_the_colleague_joins_with_the_role_given(send, owner, company):
    invitation, token = send(user=owner, company=company, email=" Colleague@Example.com ")
    colleague = UserFactory(email=COLLEAGUE)

    joined = teams.invitation_accept(user=colleague, token=token)

    assert invitation.email == COLLEAGUE
    assert (joined.company, joined.role) == (company, "member")
    invitation.refresh_from_db()
    assert invitation.accepted_by == colleague and invitation.accepted_at is not None
    assert teams.invitation_state(invitation) == "accepted"


def test_an_invited_owner_becomes_an_owner(send, owner, company):
    _invitation, token = send(user=owner, company=company, role="owner")
    colleague = UserFactory(email=COLLEAGUE)

    assert teams.invitation_accept(user=colleague, token=token).role == "owner"


def test_only_a_digest_of_the_token_is_stored(send, owner, company):
    invitation, token = send(user=owner, company=company)

    assert token not in invitation.digest
    assert invitation.digest == invitation_digest(token)
    assert len(token) >= 40


def test_a_plain_member_cannot_invite(member, company):
    with pytest.raises(PermissionDenied):
        teams.invitation_create(user=member, company=company, email=COLLEAGUE, role="member")
    assert not Invitation.objects.exists()


def test_an_outsider_cannot_invite(outsider, company):
    with pytest.raises(PermissionDenied):
        teams.invitation_create(user=outsider, company=company, email=COLLEAGUE, role="owner")


def test_an_existing_member_cannot_be_invited(owner, member, company):
    with pytest.raises(ValidationError, match="already a member"):
        teams.invitation_create(
            user=owner, company=company, email=member.email.upper(), role="member"
        )


def test_no_second_pending_invitation_for_the_same_address(send, owner, company):
    send(user=owner, company=company)

    with pytest.raises(ValidationError, match="already been invited"):
        teams.invitation_create(user=owner, company=company, email=COLLEAGUE.upper(), role="owner")
    assert Invitation.objects.count() == 1


def test_another_company_may_invite_the_same_address(send, owner, company):
    send(user=owner, company=company)
    other = CompanyFactory()
    other_owner = MembershipFactory(company=other, role="owner").user

    send(user=other_owner, company=other)

    assert Invitation.objects.filter(email=COLLEAGUE).count() == 2


def test_an_expired_invitation_is_replaced_by_a_new_one(send, owner, company):
    old, old_token = send(user=owner, company=company)
    Invitation.objects.filter(pk=old.pk).update(expires_at=timezone.now() - timedelta(seconds=1))

    new, token = send(user=owner, company=company)

    old.refresh_from_db()
    assert teams.invitation_state(old) == "revoked"
    assert teams.invitation_state(new) == "open" and token != old_token


def test_a_bad_address_or_role_is_refused_by_name(owner, company):
    with pytest.raises(ValidationError, match="valid e-mail address"):
        teams.invitation_create(user=owner, company=company, email="not an address", role="member")
    with pytest.raises(ValidationError, match="Choose a role"):
        teams.invitation_create(user=owner, company=company, email=COLLEAGUE, role="admin")


def test_a_company_sends_a_capped_number_of_invitations_a_day(send, owner, company, settings):
    settings.TEAM_INVITATIONS_PER_DAY = 2
    send(user=owner, company=company, email="a@example.com")
    second, _token = send(user=owner, company=company, email="b@example.com")

    with pytest.raises(ValidationError, match="2 invitations in the last 24 hours"):
        teams.invitation_create(user=owner, company=company, email="c@example.com", role="member")
    with pytest.raises(ValidationError, match="last 24 hours"):  # sending again counts too
        teams.invitation_resend(user=owner, invitation=second)

    Invitation.objects.update(created_at=timezone.now() - timedelta(days=1, seconds=1))
    send(user=owner, company=company, email="c@example.com")  # a day later: allowed


# --- Accepting -----------------------------------------------------------------------------


def test_another_account_cannot_accept(send, owner, company):
    _invitation, token = send(user=owner, company=company)
    stranger = UserFactory(email="stranger@example.com")

    with pytest.raises(ValidationError, match="This invitation is for colleague@example.com"):
        teams.invitation_accept(user=stranger, token=token)
    assert membership(stranger, company) is None


def test_a_verified_further_address_of_the_account_may_accept(send, owner, company):
    from allauth.account.models import EmailAddress

    _invitation, token = send(user=owner, company=company)
    colleague = UserFactory(email="private@example.com")
    EmailAddress.objects.create(user=colleague, email=COLLEAGUE, verified=True, primary=False)

    assert teams.invitation_accept(user=colleague, token=token).company == company


def test_an_expired_invitation_cannot_be_accepted(send, owner, company):
    invitation, token = send(user=owner, company=company)
    Invitation.objects.filter(pk=invitation.pk).update(expires_at=timezone.now())
    colleague = UserFactory(email=COLLEAGUE)

    with pytest.raises(ValidationError, match="expired"):
        teams.invitation_accept(user=colleague, token=token)
    assert membership(colleague, company) is None


def test_an_invitation_expires_after_fourteen_days(send, owner, company):
    invitation, _token = send(user=owner, company=company)

    assert (
        timedelta(days=13, hours=23) < invitation.expires_at - timezone.now() <= timedelta(days=14)
    )


def test_a_revoked_invitation_cannot_be_accepted(send, owner, company):
    invitation, token = send(user=owner, company=company)
    teams.invitation_revoke(user=owner, invitation=invitation)
    colleague = UserFactory(email=COLLEAGUE)

    with pytest.raises(ValidationError, match="revoked"):
        teams.invitation_accept(user=colleague, token=token)
    assert membership(colleague, company) is None


def test_a_used_invitation_cannot_be_used_again(send, owner, company):
    _invitation, token = send(user=owner, company=company)
    colleague = UserFactory(email=COLLEAGUE)
    teams.invitation_accept(user=colleague, token=token)
    Membership.objects.filter(user=colleague).delete()  # removed since

    with pytest.raises(ValidationError, match="already been accepted"):
        teams.invitation_accept(user=colleague, token=token)
    assert membership(colleague, company) is None


def test_an_unknown_token_is_refused(db):
    with pytest.raises(ValidationError, match="not valid"):
        teams.invitation_accept(user=UserFactory(), token="made-up")


def test_sending_again_makes_a_new_link_and_the_old_one_stops_working(
    send, owner, company, django_capture_on_commit_callbacks
):
    invitation, old_token = send(user=owner, company=company, role="owner")
    with django_capture_on_commit_callbacks(execute=True):
        again = teams.invitation_resend(user=owner, invitation=invitation)
    token = token_in(mail.outbox[-1].body)
    colleague = UserFactory(email=COLLEAGUE)

    assert token != old_token and len(mail.outbox) == 2
    with pytest.raises(ValidationError, match="revoked"):
        teams.invitation_accept(user=colleague, token=old_token)
    assert teams.invitation_accept(user=colleague, token=token).role == "owner"
    assert again.role == "owner"


def test_a_plain_member_cannot_revoke_or_resend(send, owner, member, company):
    invitation, _token = send(user=owner, company=company)

    with pytest.raises(PermissionDenied):
        teams.invitation_revoke(user=member, invitation=invitation)
    with pytest.raises(PermissionDenied):
        teams.invitation_resend(user=member, invitation=invitation)
    invitation.refresh_from_db()
    assert teams.invitation_state(invitation) == "open"


def test_a_revoked_or_accepted_invitation_is_not_sent_again(send, owner, company):
    invitation, _token = send(user=owner, company=company)
    teams.invitation_revoke(user=owner, invitation=invitation)

    with pytest.raises(ValidationError, match="revoked"):
        teams.invitation_resend(user=owner, invitation=invitation)


# --- Roles, removal, leaving ---------------------------------------------------------------


def test_an_owner_makes_a_member_an_owner_and_back(owner, member, company):
    promoted = teams.member_role_change(
        user=owner, membership=membership(member, company), role="owner"
    )
    assert promoted.role == "owner"

    teams.member_role_change(user=owner, membership=promoted, role="member")
    assert membership(member, company).role == "member"


def test_a_plain_member_cannot_change_roles_or_remove(owner, member, company):
    with pytest.raises(PermissionDenied):
        teams.member_role_change(user=member, membership=membership(member, company), role="owner")
    with pytest.raises(PermissionDenied):
        teams.member_remove(user=member, membership=membership(owner, company))
    assert membership(member, company).role == "member"
    assert membership(owner, company).role == "owner"


def test_the_last_owner_cannot_be_demoted(owner, member, company):
    with pytest.raises(ValidationError, match="hand over ownership first"):
        teams.member_role_change(user=owner, membership=membership(owner, company), role="member")
    assert membership(owner, company).role == "owner"


def test_the_last_owner_cannot_be_removed(owner, company):
    with pytest.raises(ValidationError, match="hand over ownership first"):
        teams.member_remove(user=owner, membership=membership(owner, company))
    assert membership(owner, company) is not None


def test_the_last_owner_cannot_leave_until_they_hand_over(owner, member, company):
    with pytest.raises(ValidationError, match="hand over ownership first"):
        teams.membership_leave(user=owner, company=company)
    assert membership(owner, company) is not None

    teams.member_role_change(user=owner, membership=membership(member, company), role="owner")
    teams.membership_leave(user=owner, company=company)

    assert membership(owner, company) is None
    assert list(Membership.objects.filter(company=company).values_list("role", flat=True)) == [
        "owner"
    ]


def test_one_of_two_owners_may_demote_or_remove_the_other(owner, company):
    second = MembershipFactory(company=company, role="owner").user

    teams.member_role_change(user=second, membership=membership(owner, company), role="member")
    with pytest.raises(PermissionDenied):  # no longer an owner: cannot answer back
        teams.member_role_change(user=owner, membership=membership(second, company), role="member")
    teams.member_remove(user=second, membership=membership(owner, company))

    assert membership(owner, company) is None
    assert membership(second, company).role == "owner"


def test_a_plain_member_may_leave(member, company):
    teams.membership_leave(user=member, company=company)

    assert membership(member, company) is None


def test_leaving_a_company_one_is_not_in_is_refused(outsider, company):
    with pytest.raises(ValidationError, match="not a member"):
        teams.membership_leave(user=outsider, company=company)


# --- The e-mail ----------------------------------------------------------------------------


def test_the_email_names_the_company_and_carries_the_link_in_english(send, owner, company):
    company.name = "Sato & Sons <Textiles>"
    company.save()

    _invitation, token = send(user=owner, company=company, language="en")

    message = mail.outbox[-1]
    assert message.to == [COLLEAGUE]
    assert message.subject == "You are invited to join Sato & Sons <Textiles> on Kyoso"
    assert re.search(rf"https?://\S+/en/invitations/{token}/\n", message.body)
    assert f"{owner.email} invites you to join the team of Sato & Sons <Textiles>" in message.body
    assert "as Member" in message.body
    assert "&amp;" not in message.body and "&lt;" not in message.body  # plain text


def test_the_email_is_in_the_language_of_the_request_in_japanese(send, owner, company):
    company.name = "佐藤テキスタイル株式会社"
    company.save()

    _invitation, token = send(user=owner, company=company, language="ja")

    message = mail.outbox[-1]
    with translation.override("ja"):
        expected = translation.gettext("You are invited to join %(company)s on Kyoso") % {
            "company": company.name
        }
        role = translation.gettext("Member")
    assert "佐藤テキスタイル株式会社" in message.subject
    assert message.subject == expected
    assert expected != f"You are invited to join {company.name} on Kyoso"
    assert re.search(rf"https?://\S+/ja/invitations/{token}/\n", message.body)
    assert role in message.body and "Kyoso" in message.body


def test_no_email_leaves_when_the_invitation_is_rolled_back(
    owner, company, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(ValidationError):
        teams.invitation_create(user=owner, company=company, email=owner.email, role="member")

    assert mail.outbox == []
