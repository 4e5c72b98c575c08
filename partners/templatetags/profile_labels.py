"""Translated names of the codes a profile stores (industry, activities, region, visibility)."""

from django import template
from django.utils.translation import gettext_lazy as _

from partners.models import Company
from partners.moderation_notice import HIDDEN_BY_STAFF_TEXT, HIDDEN_BY_STAFF_TITLE
from partners.phones import phone_tel_uri
from partners.reference import (
    ISIC_DIVISIONS,
    ISIC_SECTIONS,
    LANGUAGE_CHOICES,
    PRIMARY_ACTIVITIES,
    SUPPORT_ACTIVITIES,
    VALUE_CHAIN_ACTIVITIES,
    industry_suggestions,
)
from partners.regions import region_label, region_suggestions
from partners.selectors import review_request_current

register = template.Library()

VISIBILITY_EXPLANATIONS = {
    Company.Visibility.LISTED: _(
        "Every signed-in Kyoso user can find your company in the directory and open its page."
    ),
    Company.Visibility.PARTNERS: _(
        "Your company is not in the directory. Only companies that Kyoso suggests to you "
        "as partners can open its page."
    ),
    Company.Visibility.HIDDEN: _(
        "Only your company's members (and Kyoso staff, for moderation) can open the page. "
        "Other companies cannot find or see it."
    ),
}


@register.filter
def section_name(code: str) -> str:
    return ISIC_SECTIONS.get(code, code)


@register.filter
def division_name(code: str) -> str:
    entry = ISIC_DIVISIONS.get(code)
    return entry[1] if entry else code


@register.filter
def activity_name(code: str) -> str:
    entry = VALUE_CHAIN_ACTIVITIES.get(code)
    return entry[0] if entry else code


@register.filter
def activity_help(code: str) -> str:
    entry = VALUE_CHAIN_ACTIVITIES.get(code)
    return entry[1] if entry else ""


@register.filter
def region_name(code: str) -> str:
    return region_label(code)


@register.filter
def language_name(code: str) -> str:
    return dict(LANGUAGE_CHOICES).get(code, code)


@register.filter
def visibility_name(code: str) -> str:
    return dict(Company.Visibility.choices).get(code, code)


@register.filter
def visibility_help(code: str) -> str:
    return VISIBILITY_EXPLANATIONS.get(code, "")


@register.simple_tag
def value_chain_groups() -> list[tuple[str, tuple[str, ...]]]:
    """Porter's two groups of activities, in the order of his diagram."""
    return [
        (_("Primary activities"), PRIMARY_ACTIVITIES),
        (_("Support activities"), SUPPORT_ACTIVITIES),
    ]


@register.inclusion_tag("partners/includes/region_datalist.html")
def region_datalist() -> dict:
    """The names a typed region suggests, in the page's language."""
    return {"regions": region_suggestions()}


@register.inclusion_tag("partners/includes/industry_datalist.html")
def industry_datalist() -> dict:
    """The industry names a typed industry suggests, in the page's language."""
    return {"industries": industry_suggestions()}


@register.simple_tag
def hidden_by_staff_notice() -> dict:
    """The one message a company hidden by staff reads (``partners.moderation_notice``)."""
    return {"title": HIDDEN_BY_STAFF_TITLE, "text": HIDDEN_BY_STAFF_TEXT}


@register.simple_tag
def review_request_of(company: Company):
    """The company's request for a review since staff last hid it, or None."""
    return review_request_current(company=company)


@register.filter
def tel_uri(phone: str) -> str:
    """The ``href`` of a contact phone: ``tel:+81-3-1234-5678`` (no spaces, RFC 3966)."""
    return phone_tel_uri(phone)
