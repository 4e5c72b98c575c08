"""A member's own account: consent to the terms, a copy of their data, deletion.

- ``consent_record``: the member accepts the current terms of use and privacy policy.
- ``account_export``: everything Kyoso keeps about the member and what they may see
  of their companies, as one JSON-serialisable document (APPI art. 33 / GDPR art. 15
  and 20). Another member's account and other companies' private data stay out.
- ``account_deletion_plan`` / ``account_delete``: the account goes, with the
  companies in which it is the only member when the member says so. A company's last
  owner cannot leave other members without an owner: they hand ownership over first,
  or delete the company (``company_delete``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from allauth.account.models import EmailAddress
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from alliance import kept
from matching.models import Dismissal, SavedSuggestion
from partners.exchange import FORMAT
from partners.exchange.records import FORMAT_FIELDS, row_record
from partners.legal import TERMS_VERSION
from partners.models import (
    Alliance,
    AllianceProposal,
    ApiToken,
    Company,
    Consent,
    Interest,
    Match,
    Membership,
    Notification,
    NotificationPreference,
    User,
)

EXPORT_FORMAT = "kyoso-account-export/1"


# --- Consent -------------------------------------------------------------------------------


def consent_record(*, user: User, terms_version: str = TERMS_VERSION) -> Consent:
    """``user`` accepts ``terms_version`` now (accepting the same version again keeps
    the first acceptance)."""
    consent, _created = Consent.objects.get_or_create(
        user=user, terms_version=terms_version, defaults={"accepted_at": timezone.now()}
    )
    return consent


# --- Export --------------------------------------------------------------------------------


def _when(value) -> str | None:
    return value.isoformat() if value else None


def _user_part(user: User) -> dict[str, Any]:
    return {
        "email": user.email,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "language": user.language,
        "date_joined": _when(user.date_joined),
        "last_login": _when(user.last_login),
        "email_addresses": [
            {"email": a.email, "verified": a.verified, "primary": a.primary}
            for a in EmailAddress.objects.filter(user=user).order_by("email")
        ],
        "consents": [
            {"terms_version": c.terms_version, "accepted_at": _when(c.accepted_at)}
            for c in user.consents.order_by("accepted_at")
        ],
        "notification_preferences": [
            {"kind": p.kind, "email": p.email}
            for p in NotificationPreference.objects.filter(user=user).order_by("kind")
        ],
        "api_tokens": [
            {
                "name": t.name,
                "prefix": t.prefix,
                "created_at": _when(t.created_at),
                "last_used_at": _when(t.last_used_at),
                "revoked_at": _when(t.revoked_at),
            }
            for t in ApiToken.objects.filter(user=user).order_by("created_at")
        ],
    }


def _company_ref(company: Company) -> dict[str, str]:
    return {"key": company.key, "name": company.name}


def _interest(interest: Interest) -> dict[str, Any]:
    return {
        "from": _company_ref(interest.sender),
        "to": _company_ref(interest.recipient),
        "message": interest.message,
        "status": interest.status,
        "decline_reason": interest.decline_reason,
        "sent_at": _when(interest.created_at),
        "answered_at": _when(interest.answered_at),
    }


def _proposal(proposal: AllianceProposal) -> dict[str, Any]:
    return {
        "version": proposal.version,
        "proposed_by": _company_ref(proposal.proposed_by),
        "shared_goal": proposal.shared_goal,
        "value_chain_change": proposal.value_chain_change,
        "activities": list(proposal.activities),
        "starts_on": _when(proposal.starts_on),
        "ends_on": _when(proposal.ends_on),
        "duration_months": proposal.duration_months,
        "conditions": proposal.conditions,
        "status": proposal.status,
        "response_note": proposal.response_note,
        "proposed_at": _when(proposal.created_at),
        "answered_at": _when(proposal.answered_at),
    }


def _alliance(alliance: Alliance) -> dict[str, Any]:
    return {
        "companies": [_company_ref(side) for side in alliance.sides],
        "shared_goal": alliance.shared_goal,
        "value_chain_change": alliance.value_chain_change,
        "activities": list(alliance.activities),
        "starts_on": _when(alliance.starts_on),
        "ends_on": _when(alliance.ends_on),
        "conditions": alliance.conditions,
        "agreed_at": _when(alliance.created_at),
    }


def _match(match: Match, company: Company) -> dict[str, Any]:
    partner = match.other(company)
    proposals = AllianceProposal.objects.filter(match=match).select_related("proposed_by")
    alliances = Alliance.objects.filter(match=match).select_related("company_a", "company_b")
    return {
        "partner": {
            **_company_ref(partner),
            # Matched partners see each other's contact details (the member saw them too).
            "contact_name": partner.contact_name,
            "contact_email": partner.contact_email,
            "contact_phone": partner.contact_phone,
            "website": partner.website,
        },
        "matched_at": _when(match.created_at),
        "proposals": [_proposal(p) for p in proposals.order_by("version")],
        "alliances": [_alliance(a) for a in alliances.order_by("created_at")],
    }


def _company_part(membership: Membership) -> dict[str, Any]:
    company = membership.company
    fields = {name: getattr(company, name) for name in FORMAT_FIELDS}
    interests = Interest.objects.select_related("sender", "recipient")
    matches = Match.objects.filter(Q(company_a=company) | Q(company_b=company)).select_related(
        "company_a", "company_b"
    )
    return {
        "role": membership.role,
        "member_since": _when(membership.created_at),
        "profile": {"format": FORMAT, "record": row_record(company.key, fields)},
        "visibility": company.visibility,
        "hidden_reason": company.hidden_reason,
        "contact": {
            "contact_name": company.contact_name,
            "contact_email": company.contact_email,
            "contact_phone": company.contact_phone,
            "website": company.website,
        },
        "interests_sent": [_interest(i) for i in interests.filter(sender=company)],
        "interests_received": [_interest(i) for i in interests.filter(recipient=company)],
        "matches": [_match(m, company) for m in matches.order_by("created_at")],
        "dismissed_partners": [
            _company_ref(d.partner)
            for d in Dismissal.objects.filter(company=company).select_related("partner")
        ],
        "saved_partners": [
            _company_ref(s.partner)
            for s in SavedSuggestion.objects.filter(company=company).select_related("partner")
        ],
    }


def _notifications(user: User) -> list[dict[str, Any]]:
    rows = Notification.objects.filter(user=user).select_related("company", "other")
    return [
        {
            "kind": n.kind,
            "company": _company_ref(n.company),
            "other": _company_ref(n.other),
            "created_at": _when(n.created_at),
            "read_at": _when(n.read_at),
        }
        for n in rows.order_by("created_at", "id")
    ]


def account_export(*, user: User) -> dict[str, Any]:
    """Everything Kyoso keeps about ``user``, and what they may see of their companies:
    their account (no password hash), consents, memberships, each company's profile
    (in the exchange format), contact details, interests, matches with their
    proposals and alliances, dismissals and saves, and their notifications."""
    memberships = Membership.objects.filter(user=user).select_related("company")
    return {
        "format": EXPORT_FORMAT,
        "exported_at": _when(timezone.now()),
        "user": _user_part(user),
        "companies": [_company_part(m) for m in memberships.order_by("created_at", "id")],
        "notifications": _notifications(user),
    }


# --- Deletion ------------------------------------------------------------------------------


@dataclass
class DeletionPlan:
    """What deleting an account does to each of its companies.

    ``blocking``: companies of which the member is the last owner while others remain
    (they must make another member owner first, or delete the company);
    ``deleted``: companies in which the member is the only member (deleted with the
    account, when the member agrees); ``left``: companies the member simply leaves.
    """

    blocking: list[Company] = field(default_factory=list)
    deleted: list[Company] = field(default_factory=list)
    left: list[Company] = field(default_factory=list)


def account_deletion_plan(*, user: User) -> DeletionPlan:
    plan = DeletionPlan()
    memberships = Membership.objects.filter(user=user).select_related("company")
    for membership in memberships.order_by("company__name", "company_id"):
        company = membership.company
        others = Membership.objects.filter(company=company).exclude(user=user)
        if not others.exists():
            plan.deleted.append(company)
        elif (
            membership.role == Membership.Role.OWNER
            and not others.filter(role=Membership.Role.OWNER).exists()
        ):
            plan.blocking.append(company)
        else:
            plan.left.append(company)
    return plan


def _confirmed(user: User, confirmation: str) -> bool:
    typed = (confirmation or "").strip()
    if typed and typed.casefold() == user.email.casefold():
        return True
    return bool(confirmation) and user.check_password(confirmation)


def _company_delete(company: Company) -> None:
    """Delete a company with everything of its own: interests, matches, proposals,
    alliances, notifications about it, webhooks, suggestions."""
    partners = set(
        Interest.objects.filter(Q(sender=company) | Q(recipient=company)).values_list(
            "sender_id", "recipient_id"
        )
    )
    partner_ids = {pk for pair in partners for pk in pair} - {company.pk}
    # An alliance protects the proposal it was agreed on; both go with the company.
    Alliance.objects.filter(Q(company_a=company) | Q(company_b=company)).delete()
    company.delete()
    # What the partners' members see of their interests and matches changed.
    kept.companies_changed(partner_ids)


@transaction.atomic
def account_delete(*, user: User, confirmation: str, delete_companies: bool = False) -> list[str]:
    """Delete ``user``'s account, after they typed their e-mail address or password.

    They leave the companies they share with others; the companies where they are the
    only member are deleted too, only with ``delete_companies``. Refused
    (``ValidationError``, nothing written) when they are the last owner of a company
    that has other members. Returns the names of the companies deleted.
    """
    if not _confirmed(user, confirmation):
        raise ValidationError(
            _("Type your e-mail address or your password to confirm."), code="not_confirmed"
        )
    company_ids = Membership.objects.filter(user=user).values_list("company_id", flat=True)
    # Locked: a member invited or an owner made at the same moment changes the plan.
    list(Company.objects.select_for_update().filter(pk__in=list(company_ids)).order_by("pk"))
    plan = account_deletion_plan(user=user)
    if plan.blocking:
        raise ValidationError(
            _(
                "You are the last owner of %(companies)s, which has other members. "
                "Make another member owner first, or delete the company."
            )
            % {"companies": ", ".join(c.name for c in plan.blocking)},
            code="last_owner",
        )
    if plan.deleted and not delete_companies:
        raise ValidationError(
            _(
                "You are the only member of %(companies)s. Confirm that the company is "
                "deleted with your account."
            )
            % {"companies": ", ".join(c.name for c in plan.deleted)},
            code="company_left_alone",
        )
    for company in plan.deleted:
        _company_delete(company)
    kept.companies_changed(c.pk for c in plan.left)  # their member lists changed
    user.delete()
    return [c.name for c in plan.deleted]


@transaction.atomic
def company_delete(*, user: User, company: Company, confirmation: str) -> None:
    """An owner of ``company`` deletes it, after typing its name or page address: its
    profile, interests, matches, proposals, alliances, webhooks and suggestions go; its
    members keep their accounts."""
    company = Company.objects.select_for_update().get(pk=company.pk)
    if not Membership.objects.filter(
        user=user, company=company, role=Membership.Role.OWNER
    ).exists():
        raise PermissionDenied(_("Only an owner of the company can delete it."))
    typed = (confirmation or "").strip()
    if typed not in (company.name, company.key):
        raise ValidationError(
            _("Type the company's name, %(name)s, to confirm.") % {"name": company.name},
            code="not_confirmed",
        )
    members = list(Membership.objects.filter(company=company).values_list("user_id", flat=True))
    _company_delete(company)
    kept.users_changed(members)
