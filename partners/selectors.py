"""Reads of companies, scoped to what a user may see."""

from django.db.models import Q, QuerySet

from .models import Company, Membership, User
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


def user_is_member(*, user: User, company: Company) -> bool:
    return user.is_authenticated and Membership.objects.filter(user=user, company=company).exists()


def user_can_edit_company(*, user: User, company: Company) -> bool:
    """Only the company's own members may change its profile."""
    return user_is_member(user=user, company=company)


def company_visible_to(*, user: User, company: Company) -> bool:
    """Whether the user may open the company's page.

    Listed companies: every signed-in user. Companies visible only to suggested
    partners, and hidden ones: their own members and staff (suggested partners are
    added once the matching engine exists).
    """
    if not user.is_authenticated:
        return False
    if user.is_staff or user_is_member(user=user, company=company):
        return True
    return company.visibility == Company.Visibility.LISTED


def user_can_see_contact(*, user: User, company: Company) -> bool:
    """Contact details: the company's own members only (until a mutual match)."""
    return user_is_member(user=user, company=company)


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
