"""Reads of companies, scoped to what a user may see."""

import hashlib
from dataclasses import dataclass

from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet, Subquery

from .models import (
    Alliance,
    AllianceProposal,
    ApiToken,
    Company,
    CompanyKeyHistory,
    Interest,
    Invitation,
    Match,
    Membership,
    Notification,
    Report,
    ReviewRequest,
    User,
    Webhook,
    WebhookDelivery,
)
from .text import search_terms


def company_for_user(*, user: User) -> Company | None:
    """The company the user belongs to (the first one, owners first), or None."""
    if not user.is_authenticated:
        return None
    membership = (
        Membership.objects.filter(user=user)
        .select_related("company")
        .order_by("-role", "created_at")  # "owner" sorts after "member": newest owner first
        .first()
    )
    return membership.company if membership else None


def company_by_key(*, key: str) -> Company | None:
    """The company with this key, or else the one that had it before its owner changed
    it (a key of its own always wins over another company's former key); None if none.
    Says nothing of who may see it."""
    company = Company.objects.filter(key=key).first()
    if company is None:
        former = CompanyKeyHistory.objects.select_related("company").filter(key=key).first()
        company = former.company if former else None
    return company


def company_of_member(*, user: User, key: str = "") -> Company | None:
    """The user's company with this key, or without a key their first (as
    ``company_for_user``); None if the user is not a member of it."""
    if not key:
        return company_for_user(user=user)
    if not user.is_authenticated:
        return None
    company = company_by_key(key=key)
    if company is None or not user_is_member(user=user, company=company):
        return None
    return company


def user_is_member(*, user: User, company: Company) -> bool:
    return user.is_authenticated and Membership.objects.filter(user=user, company=company).exists()


def user_is_owner(*, user: User, company: Company) -> bool:
    return (
        user.is_authenticated
        and Membership.objects.filter(
            user=user, company=company, role=Membership.Role.OWNER
        ).exists()
    )


def user_can_edit_company(*, user: User, company: Company) -> bool:
    """Only the company's own members may change its profile."""
    return user_is_member(user=user, company=company)


def user_can_change_company_key(*, user: User, company: Company) -> bool:
    """Only the company's owners may change its key (its page's address)."""
    return (
        user.is_authenticated
        and Membership.objects.filter(
            user=user, company=company, role=Membership.Role.OWNER
        ).exists()
    )


def company_visible_to(*, user: User, company: Company) -> bool:
    """Whether the user may open the company's page.

    Listed companies: every signed-in user. Companies visible only to suggested
    partners: their members, staff, and members of a company that has it among
    its current suggestions, that exchanged interest with it (either way) or
    that matched with it. Hidden companies: their own members and staff only (a
    matched partner still sees its name and contact on the match page).
    """
    if not user.is_authenticated:
        return False
    if user.is_staff or user_is_member(user=user, company=company):
        return True
    if company.visibility == Company.Visibility.LISTED:
        return True
    if company.visibility == Company.Visibility.HIDDEN:
        return False
    viewers = Company.objects.filter(memberships__user=user)
    if Interest.objects.filter(
        Q(sender=company, recipient__in=viewers) | Q(recipient=company, sender__in=viewers)
    ).exists():
        return True  # a match always comes with interest both ways
    from matching.selectors import current_suggestions

    suggested = current_suggestions(viewers.values_list("pk", flat=True))
    return suggested.filter(partner=company).exists()


def user_can_see_contact(*, user: User, company: Company) -> bool:
    """Contact details: the company's own members, and members of a matched partner."""
    if user_is_member(user=user, company=company):
        return True
    if not user.is_authenticated:
        return False
    viewers = Company.objects.filter(memberships__user=user)
    return Match.objects.filter(
        Q(company_a=company, company_b__in=viewers) | Q(company_b=company, company_a__in=viewers)
    ).exists()


def directory_companies(
    *,
    industry: str = "",
    activity: str = "",
    region: str = "",
    text: str = "",
) -> QuerySet[Company]:
    """Listed companies matching the directory's filters, by name."""
    qs = Company.objects.filter(visibility=Company.Visibility.LISTED)
    if industry:
        qs = qs.filter(industry=industry)
    if activity:
        # JSON lists are stored as text on every backend; the quoted code is exact.
        qs = qs.filter(Q(strengths__icontains=f'"{activity}"'))
    if region:
        region = region.upper()
        qs = qs.filter(Q(region=region) | Q(region__startswith=f"{region}-"))
    for term in search_terms(text):
        qs = qs.filter(search_text__contains=term)
    return qs.order_by("name", "id")


# --- Co-creation ---------------------------------------------------------------------------


def interests_received(*, company: Company) -> QuerySet[Interest]:
    """Interests other companies expressed in ``company``, newest first."""
    return Interest.objects.filter(recipient=company).select_related("sender", "recipient")


def interests_sent(*, company: Company) -> QuerySet[Interest]:
    """Interests ``company`` expressed, newest first."""
    return Interest.objects.filter(sender=company).select_related("sender", "recipient")


def interest_pending_count(*, company: Company) -> int:
    return Interest.objects.filter(recipient=company, status=Interest.Status.PENDING).count()


def matches_of(*, company: Company) -> QuerySet[Match]:
    """The company's matches (mutual interest), newest first."""
    return Match.objects.filter(Q(company_a=company) | Q(company_b=company)).select_related(
        "company_a", "company_b"
    )


@dataclass(frozen=True)
class Waiting:
    """One kind of thing waiting for a member: how many, and the newest few."""

    count: int
    first: list


#: How many of each kind the home page lists.
WAITING_SHOWN = 3


def waiting_block(rows: QuerySet, *, shown: int = WAITING_SHOWN) -> Waiting:
    """Count ``rows`` and take their first ``shown``: two queries, whatever their number."""
    return Waiting(count=rows.count(), first=list(rows[:shown]))


def interests_pending_received(*, company: Company) -> QuerySet[Interest]:
    """Interests in ``company`` it has not answered yet, newest first."""
    return interests_received(company=company).filter(status=Interest.Status.PENDING)


def interests_pending_sent(*, company: Company) -> QuerySet[Interest]:
    """Interests ``company`` expressed that wait for the other side, newest first."""
    return interests_sent(company=company).filter(status=Interest.Status.PENDING)


def matches_without_proposal(*, company: Company) -> QuerySet[Match]:
    """The company's matches for which neither side has proposed an alliance yet."""
    proposed = AllianceProposal.objects.filter(match=OuterRef("pk"))
    return matches_of(company=company).filter(~Exists(proposed))


def proposals_to_answer(*, company: Company) -> QuerySet[AllianceProposal]:
    """Open proposals of the company's matches made by the other side: its answer is
    awaited. Newest first, with the proposing company and the match."""
    return (
        AllianceProposal.objects.filter(status=AllianceProposal.Status.OPEN)
        .filter(Q(match__company_a=company) | Q(match__company_b=company))
        .exclude(proposed_by=company)
        .select_related("proposed_by", "match")
        .order_by("-created_at", "-id")
    )


def match_for_user(*, user: User, match_id: int) -> tuple[Match, Company] | None:
    """The match and the user's side of it; None if the user is on neither side."""
    match = Match.objects.select_related("company_a", "company_b").filter(pk=match_id).first()
    if match is None or not user.is_authenticated:
        return None
    for side in (match.company_a, match.company_b):
        if user_is_member(user=user, company=side):
            return match, side
    return None


def match_proposals(*, match: Match) -> QuerySet[AllianceProposal]:
    """Every version of the match's proposals, newest first."""
    return match.proposals.select_related(
        "proposed_by", "author", "match__company_a", "match__company_b"
    ).order_by("-version")


def company_alliances(*, company: Company, viewer: User) -> QuerySet[Alliance]:
    """Alliances shown on ``company``'s page: all of them to its own members, else those
    it has not kept private."""
    rows = Alliance.objects.filter(Q(company_a=company) | Q(company_b=company))
    if not user_is_member(user=viewer, company=company):
        rows = rows.filter(
            Q(company_a=company, private_a=False) | Q(company_b=company, private_b=False)
        )
    return rows.select_related("company_a", "company_b").order_by("-created_at", "-id")


def alliances_of_user(*, user: User) -> QuerySet[Alliance]:
    """Alliances of every company ``user`` belongs to (private ones too), newest first."""
    mine = Company.objects.filter(memberships__user=user).values("pk")
    return (
        Alliance.objects.filter(Q(company_a__in=mine) | Q(company_b__in=mine))
        .select_related("company_a", "company_b")
        .order_by("-created_at", "-id")
    )


def notifications_of(*, user: User) -> QuerySet[Notification]:
    return Notification.objects.filter(user=user).select_related("other", "company")


def notifications_unread_count(*, user: User) -> int:
    if not user.is_authenticated:
        return 0
    return Notification.objects.filter(user=user, read_at__isnull=True).count()


def webhooks_of(*, company: Company) -> QuerySet[Webhook]:
    return Webhook.objects.filter(company=company).order_by("-created_at", "-id")


def webhook_for_user(*, user: User, webhook_id: int) -> Webhook | None:
    """The webhook, if the user is a member of its company (else None, as if missing)."""
    if not user.is_authenticated:
        return None
    return (
        Webhook.objects.select_related("company")
        .filter(pk=webhook_id, company__memberships__user=user)
        .first()
    )


def webhook_deliveries(*, webhook: Webhook) -> QuerySet[WebhookDelivery]:
    """The delivery log of a webhook, newest first."""
    return WebhookDelivery.objects.filter(webhook=webhook).order_by("-created_at", "-id")


def api_tokens_of(*, user: User) -> QuerySet[ApiToken]:
    """The user's API tokens, active ones first, newest first."""
    if not user.is_authenticated:
        return ApiToken.objects.none()
    return ApiToken.objects.filter(user=user).order_by(
        F("revoked_at").desc(nulls_first=True), "-created_at", "-id"
    )


# --- Moderation -----------------------------------------------------------------------------


def reports_open() -> QuerySet:
    """Open reports for the staff queue, grouped by company: the company reported
    longest ago first, then its reports oldest first. Each report carries its
    company's number of open reports (``company_open_count``) and the date of the
    company's oldest open one (``company_oldest``)."""
    of_company = Report.objects.filter(company=OuterRef("company"), status=Report.Status.OPEN)
    return (
        Report.objects.filter(status=Report.Status.OPEN)
        .select_related("company", "reporter", "reporter_company")
        .annotate(
            company_open_count=Subquery(
                of_company.order_by().values("company").annotate(n=Count("pk")).values("n")[:1]
            ),
            company_oldest=Subquery(of_company.order_by("created_at").values("created_at")[:1]),
        )
        .order_by("company_oldest", "company_id", "created_at", "id")
    )


def reports_open_count() -> int:
    """How many reports wait for staff."""
    return Report.objects.filter(status=Report.Status.OPEN).count()


def review_request_current(*, company: Company) -> ReviewRequest | None:
    """The company's request for staff to review its profile since staff last hid it
    (one per hiding), or None."""
    if not company.hidden_by_staff:
        return None
    return ReviewRequest.objects.filter(
        company=company, hidden_at=company_hidden_at(company)
    ).first()


def company_hidden_at(company: Company):
    """When staff hid the company (its creation, for a profile hidden without a date)."""
    return company.hidden_at or company.created_at


def review_requests_open() -> QuerySet[ReviewRequest]:
    """Review requests waiting for staff, oldest first."""
    return (
        ReviewRequest.objects.filter(status=ReviewRequest.Status.OPEN)
        .select_related("company", "requested_by")
        .order_by("created_at", "id")
    )


# --- Teams ----------------------------------------------------------------------------------


def team_members(*, company: Company) -> QuerySet[Membership]:
    """The company's memberships with their users: owners first, then by joining date."""
    return (
        Membership.objects.filter(company=company)
        .select_related("user")
        .order_by(F("role").desc(), "created_at", "id")  # "owner" sorts after "member"
    )


def team_invitations_open(*, company: Company) -> QuerySet[Invitation]:
    """Invitations neither accepted nor revoked (expired ones too: they can be sent
    again), newest first."""
    return Invitation.objects.filter(
        company=company, accepted_at__isnull=True, revoked_at__isnull=True
    ).select_related("invited_by")


def membership_of(*, user: User, company: Company) -> Membership | None:
    if not user.is_authenticated:
        return None
    return Membership.objects.filter(user=user, company=company).first()


def invitation_digest(token: str) -> str:
    """What an invitation keeps of the token its link carries."""
    return hashlib.sha256(token.encode()).hexdigest()


def invitation_by_token(*, token: str) -> Invitation | None:
    return (
        Invitation.objects.select_related("company", "invited_by")
        .filter(digest=invitation_digest(token))
        .first()
    )
