"""Writes of companies and memberships."""

import re
from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from alliance import kept
from matching.services.hooks import company_rescore_enqueue
from partners.keys import RESERVED_KEYS, base_key, free_key
from partners.models import KEY_PATTERN, Company, CompanyKeyHistory, Membership, User
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
    """A free, valid, readable key made from the name (``partners.keys``): free of the
    keys of companies and of their former keys, with a suffix (``-2``...) if taken."""
    base = base_key(name)
    taken = set(Company.objects.filter(key__startswith=base).values_list("key", flat=True)) | set(
        CompanyKeyHistory.objects.filter(key__startswith=base).values_list("key", flat=True)
    )
    return free_key(base, taken)


def company_key_check(*, key: str, company: Company | None = None) -> str:
    """The key, lowercased, if ``company`` (or a new company) may take it; else a
    ``ValidationError`` saying why: its form, a reserved word, another company's key,
    or another company's former key (its old addresses still lead there)."""
    key = key.strip().lower()
    if not re.fullmatch(KEY_PATTERN, key):
        raise ValidationError(
            _(
                "Use 2 to 64 lowercase letters, digits and hyphens, "
                "starting with a letter or digit."
            ),
            code="invalid_key",
        )
    if key in RESERVED_KEYS:
        raise ValidationError(
            _("“%(key)s” is reserved for Kyoso's own pages. Choose another address."),
            code="key_reserved",
            params={"key": key},
        )
    others = Company.objects.filter(key=key)
    former = CompanyKeyHistory.objects.filter(key=key)
    if company is not None:
        others, former = others.exclude(pk=company.pk), former.exclude(company=company)
    if others.exists() or former.exists():
        raise ValidationError(_("This address is already taken."), code="key_taken")
    return key


@transaction.atomic
def company_key_change(*, company: Company, key: str) -> Company:
    """Give the company a new key (the last part of its page's address). The old key is
    kept as a former key, so that old links and bookmarks lead to the company; a former
    key of its own may be taken back. Kept responses showing the old key become stale."""
    company = Company.objects.select_for_update().get(pk=company.pk)
    key = company_key_check(key=key, company=company)
    if key == company.key:
        return company
    # Its own former key taken back, and the old key if an import gave it to another
    # company as a new key once (a company's own key always wins over a former one).
    CompanyKeyHistory.objects.filter(key__in=(key, company.key)).delete()
    CompanyKeyHistory.objects.create(company=company, key=company.key)
    company.key = key
    try:
        with transaction.atomic():
            company.save(update_fields=["key", "updated_at"])
    except IntegrityError as error:  # taken in the meantime
        raise ValidationError(_("This address is already taken."), code="key_taken") from error
    # Every kept page and list may link to the company by its key.
    kept.profiles_changed()
    return company


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
