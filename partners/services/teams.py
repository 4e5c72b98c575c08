"""A company's team: invitations by e-mail, roles, removal and leaving.

Only owners change a team (invite, resend, revoke, change a role, remove someone);
any member may leave. A company always keeps at least one owner: the last one can
be neither demoted nor removed, and cannot leave, until they hand over ownership.
Every change locks the company's row first (``select_for_update``), so that two
owners acting at once (each demoting the other, say) are applied one after the
other and the second sees the first's result.

An invitation link carries a secret token; only its SHA-256 digest is stored
(``Invitation.digest``). The e-mail is rendered in the language of the request that
sent it and queued when the transaction commits. Membership rows are written one by
one (``create``, ``save``, ``delete``): the receivers of ``partners.receivers`` give
the member a new version of their kept pages and API answers (``alliance.kept``).
"""

from __future__ import annotations

import secrets
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from partners.models import Company, Invitation, Membership, User
from partners.selectors import invitation_digest

__all__ = [
    "INVITATION_DAYS",
    "InvitationState",
    "invitation_accept",
    "invitation_create",
    "invitation_email",
    "invitation_for_user",
    "invitation_resend",
    "invitation_revoke",
    "invitation_state",
    "member_remove",
    "member_role_change",
    "membership_leave",
]

INVITATION_DAYS = 14
OWNER = Membership.Role.OWNER


class InvitationState:
    OPEN = "open"
    ACCEPTED = "accepted"
    REVOKED = "revoked"
    EXPIRED = "expired"


def invitation_state(invitation: Invitation) -> str:
    if invitation.accepted_at is not None:
        return InvitationState.ACCEPTED
    if invitation.revoked_at is not None:
        return InvitationState.REVOKED
    if invitation.expires_at <= timezone.now():
        return InvitationState.EXPIRED
    return InvitationState.OPEN


# --- Permissions and locks -----------------------------------------------------------------


def _company_lock(company: Company) -> Company:
    """The company's row, locked until the transaction ends (team changes queue here)."""
    return Company.objects.select_for_update().get(pk=company.pk)


def _require_owner(user: User, company: Company) -> None:
    if not Membership.objects.filter(user=user, company=company, role=OWNER).exists():
        raise PermissionDenied(
            _("Only owners of %(company)s can change its team.") % {"company": company.name}
        )


def _owners_besides(membership: Membership) -> int:
    return (
        Membership.objects.filter(company_id=membership.company_id, role=OWNER)
        .exclude(pk=membership.pk)
        .count()
    )


def _require_another_owner(membership: Membership, message: str) -> None:
    if membership.role == OWNER and not _owners_besides(membership):
        raise ValidationError(message, code="last_owner")


def _role_clean(role: str) -> str:
    if role not in Membership.Role.values:
        raise ValidationError(_("Choose a role: owner or member."), code="role")
    return role


# --- Invitations ---------------------------------------------------------------------------


def _email_clean(email: str) -> str:
    email = (email or "").strip().lower()
    try:
        validate_email(email)
    except ValidationError:
        raise ValidationError(_("Enter a valid e-mail address."), code="email") from None
    return email


def _daily_limit_check(company: Company) -> None:
    """Invitations sent (and sent again) by a company in the last 24 hours are capped."""
    limit = settings.TEAM_INVITATIONS_PER_DAY
    since = timezone.now() - timedelta(days=1)
    if Invitation.objects.filter(company=company, created_at__gte=since).count() >= limit:
        raise ValidationError(
            _(
                "%(company)s has sent %(limit)s invitations in the last 24 hours, the most a "
                "day. Please try again tomorrow."
            )
            % {"company": company.name, "limit": limit},
            code="daily_limit",
        )


def _invitation_send(
    *, company: Company, email: str, role: str, user: User, language: str | None
) -> Invitation:
    """A new open invitation and its e-mail, queued on commit (inside the transaction)."""
    _daily_limit_check(company)
    token = secrets.token_urlsafe(32)
    invitation = Invitation.objects.create(
        company=company,
        email=email,
        role=role,
        invited_by=user,
        digest=invitation_digest(token),
        expires_at=timezone.now() + timedelta(days=INVITATION_DAYS),
    )
    message = invitation_email(invitation, token=token, language=language)
    transaction.on_commit(lambda: _email_enqueue(message), robust=True)
    return invitation


def _email_enqueue(message: dict) -> None:
    from partners.tasks import email_send

    email_send.delay(**message)


def invitation_email(invitation: Invitation, *, token: str, language: str | None = None) -> dict:
    """The rendered invitation e-mail (``email_send``'s arguments), in ``language`` (by
    default the active one: that of the request that sends it)."""
    with translation.override(language or translation.get_language() or settings.LANGUAGE_CODE):
        inviter = invitation.invited_by
        context = {
            "company": invitation.company,
            "inviter": (inviter.get_full_name() or inviter.email) if inviter else "",
            "role": invitation.get_role_display(),
            "expires_at": invitation.expires_at,
            "link": settings.SITE_URL.rstrip("/") + reverse("partners:invitation", args=[token]),
        }
        # The "text" engine: plain text, not HTML-escaped (settings.TEMPLATES).
        subject = render_to_string("emails/invitation_subject.txt", context, using="text")
        body = render_to_string("emails/invitation_body.txt", context, using="text")
    return {
        "subject": " ".join(subject.split()),
        "body": body,
        "from_email": settings.DEFAULT_FROM_EMAIL,
        "to": [invitation.email],
    }


def invitation_create(
    *, user: User, company: Company, email: str, role: str, language: str | None = None
) -> Invitation:
    """Invite ``email`` to join ``company`` with ``role`` (``user`` must be an owner)."""
    email, role = _email_clean(email), _role_clean(role)
    with transaction.atomic():
        company = _company_lock(company)
        _require_owner(user, company)
        if Membership.objects.filter(company=company, user__email__iexact=email).exists():
            raise ValidationError(
                _("%(email)s is already a member of %(company)s.")
                % {"email": email, "company": company.name},
                code="member",
            )
        pending = Invitation.objects.filter(
            company=company, email=email, accepted_at__isnull=True, revoked_at__isnull=True
        ).first()
        if pending is not None:
            if invitation_state(pending) == InvitationState.OPEN:
                raise ValidationError(
                    _(
                        "%(email)s has already been invited and has not answered yet. You can "
                        "send the invitation again from the list below."
                    )
                    % {"email": email},
                    code="pending",
                )
            pending.revoked_at = timezone.now()  # expired: replaced by the new one
            pending.save(update_fields=["revoked_at"])
        return _invitation_send(
            company=company, email=email, role=role, user=user, language=language
        )


def _invitation_lock(user: User, invitation: Invitation) -> Invitation:
    """The invitation, locked with its company, once ``user`` is known to be an owner."""
    _require_owner(user, _company_lock(invitation.company))
    return Invitation.objects.select_for_update().get(pk=invitation.pk)


def _require_not_closed(invitation: Invitation) -> None:
    state = invitation_state(invitation)
    if state == InvitationState.ACCEPTED:
        raise ValidationError(_("This invitation has already been accepted."), code="accepted")
    if state == InvitationState.REVOKED:
        raise ValidationError(_("This invitation has been revoked."), code="revoked")


def invitation_resend(
    *, user: User, invitation: Invitation, language: str | None = None
) -> Invitation:
    """Send an open or expired invitation again, under a new link valid for another
    ``INVITATION_DAYS`` days; the old link stops working. Counts toward the daily cap."""
    with transaction.atomic():
        invitation = _invitation_lock(user, invitation)
        _require_not_closed(invitation)
        invitation.revoked_at = timezone.now()
        invitation.save(update_fields=["revoked_at"])
        return _invitation_send(
            company=invitation.company,
            email=invitation.email,
            role=invitation.role,
            user=user,
            language=language,
        )


def invitation_revoke(*, user: User, invitation: Invitation) -> Invitation:
    """Revoke an invitation that was not accepted: its link no longer works."""
    with transaction.atomic():
        invitation = _invitation_lock(user, invitation)
        _require_not_closed(invitation)
        invitation.revoked_at = timezone.now()
        invitation.save(update_fields=["revoked_at"])
    return invitation


def invitation_for_user(invitation: Invitation, user: User) -> bool:
    """Whether ``user`` may accept ``invitation``: their account has the invited address
    (as its own, or as a verified further address)."""
    from allauth.account.models import EmailAddress

    email = invitation.email
    return (
        user.email.lower() == email
        or EmailAddress.objects.filter(user=user, email__iexact=email, verified=True).exists()
    )


def invitation_accept(*, user: User, token: str) -> Membership:
    """Join the company of the invitation whose link carries ``token``: only the account
    with the invited address, and only while the invitation is open. A user who is
    already a member keeps their role; the invitation is used up either way."""
    with transaction.atomic():
        found = Invitation.objects.filter(digest=invitation_digest(token)).first()
        if found is None:
            raise ValidationError(_("This invitation link is not valid."), code="unknown")
        _company_lock(found.company)
        invitation = Invitation.objects.select_for_update().get(pk=found.pk)
        _require_not_closed(invitation)
        if invitation_state(invitation) == InvitationState.EXPIRED:
            raise ValidationError(_("This invitation has expired."), code="expired")
        if not invitation_for_user(invitation, user):
            raise ValidationError(
                _("This invitation is for %(email)s: sign in with that address to accept it.")
                % {"email": invitation.email},
                code="wrong_account",
            )
        membership, _created = Membership.objects.get_or_create(
            user=user, company=invitation.company, defaults={"role": invitation.role}
        )
        invitation.accepted_at = timezone.now()
        invitation.accepted_by = user
        invitation.save(update_fields=["accepted_at", "accepted_by"])
    return membership


# --- Members -------------------------------------------------------------------------------


def _membership_lock(membership: Membership) -> Membership:
    try:
        return Membership.objects.select_for_update().get(pk=membership.pk)
    except Membership.DoesNotExist:
        raise ValidationError(_("This person is no longer a member."), code="gone") from None


def member_role_change(*, user: User, membership: Membership, role: str) -> Membership:
    """Make a member an owner or an owner a member (``user`` must be an owner)."""
    role = _role_clean(role)
    with transaction.atomic():
        _require_owner(user, _company_lock(membership.company))
        membership = _membership_lock(membership)
        if role != OWNER:
            _require_another_owner(
                membership,
                _(
                    "%(company)s needs at least one owner: hand over ownership first (make "
                    "another member an owner)."
                )
                % {"company": membership.company.name},
            )
        if membership.role != role:
            membership.role = role
            membership.save(update_fields=["role"])
    return membership


def member_remove(*, user: User, membership: Membership) -> None:
    """Remove someone from the team (``user`` must be an owner; the last owner stays)."""
    with transaction.atomic():
        _require_owner(user, _company_lock(membership.company))
        membership = _membership_lock(membership)
        _require_another_owner(
            membership,
            _(
                "%(company)s needs at least one owner: hand over ownership first (make "
                "another member an owner)."
            )
            % {"company": membership.company.name},
        )
        membership.delete()


def membership_leave(*, user: User, company: Company) -> None:
    """Leave the company (any member; the last owner must hand over ownership first)."""
    with transaction.atomic():
        company = _company_lock(company)
        membership = Membership.objects.select_for_update().filter(user=user, company=company)
        membership = membership.first()
        if membership is None:
            raise ValidationError(
                _("You are not a member of %(company)s.") % {"company": company.name},
                code="not_member",
            )
        _require_another_owner(
            membership,
            _(
                "You are the last owner of %(company)s: hand over ownership first (make "
                "another member an owner), then leave."
            )
            % {"company": company.name},
        )
        membership.delete()
