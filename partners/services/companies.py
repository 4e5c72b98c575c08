"""Writes of companies and memberships."""

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import slugify

from matching.services.hooks import company_rescore_enqueue
from partners.models import Company, Membership, User
from partners.moderation_notice import HIDDEN_BY_STAFF
from partners.text import normalize_text

PROFILE_FIELDS = (
    "name",
    "language",
    "industry",
    "industry_division",
    "region",
    "employees",
    "founded",
    "description",
    "strengths",
    "seeks",
    "capabilities",
    "needs",
    "goals",
    "visibility",
    "contact_name",
    "contact_email",
    "contact_phone",
    "website",
)


def company_search_text(company: Company) -> str:
    parts = [company.name, company.description]
    parts += list(company.capabilities) + list(company.needs) + list(company.goals)
    return normalize_text("\n".join(p for p in parts if p))


def company_key_for_name(name: str) -> str:
    """A free, valid key derived from the name (or 'company') with a numeric suffix."""
    base = slugify(name)[:50].strip("-")
    if len(base) < 2 or not base[0].isalnum():
        base = "company"
    key, n = base, 1
    while Company.objects.filter(key=key).exists():
        n += 1
        key = f"{base}-{n}"
    return key


def _apply(company: Company, data: Mapping[str, Any]) -> None:
    for field in PROFILE_FIELDS:
        if field in data:
            value = data[field]
            if value is None and field not in ("employees", "founded"):
                value = ""
            setattr(company, field, value)
    company.search_text = company_search_text(company)


@transaction.atomic
def company_create(*, owner: User, data: Mapping[str, Any]) -> Company:
    """Create a company from validated profile data; its creator owns it."""
    company = Company(key=data.get("key") or company_key_for_name(data.get("name", "")))
    _apply(company, data)
    company.full_clean()
    company.save()
    Membership.objects.create(user=owner, company=company, role=Membership.Role.OWNER)
    company_rescore_enqueue(company_id=company.pk)  # after commit: its suggestions
    return company


@transaction.atomic
def company_update(*, company: Company, data: Mapping[str, Any]) -> Company:
    """Update a company's profile from validated data. A profile that Kyoso staff hid
    (with a reason) stays hidden: only staff list it again."""
    if company.hidden_by_staff and data.get("visibility", company.visibility) != company.visibility:
        raise ValidationError({"visibility": str(HIDDEN_BY_STAFF)})
    _apply(company, data)
    company.full_clean()
    company.save()
    company_rescore_enqueue(company_id=company.pk)  # after commit: its suggestions
    return company
