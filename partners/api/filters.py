"""The directory's and the suggestions' filters, documented as the enumerations and
patterns the pages' filter forms accept (``partners.forms``): an integrator (and
schemathesis) can tell a valid filter from one the API answers with 400."""

from drf_spectacular.utils import OpenApiParameter

from alliance.api.schema import SPACES
from partners.reference import ISIC_SECTION_CHOICES, VALUE_CHAIN_CHOICES


def industry_filter(description: str) -> OpenApiParameter:
    return OpenApiParameter(
        "industry",
        str,
        enum=["", *(code for code, _name in ISIC_SECTION_CHOICES)],
        description=f"{description} Empty: every industry.",
    )


def activity_filter(description: str) -> OpenApiParameter:
    return OpenApiParameter(
        "activity",
        str,
        enum=["", *(code for code, _name in VALUE_CHAIN_CHOICES)],
        description=f"{description} Empty: any activity.",
    )


def region_filter(description: str) -> OpenApiParameter:
    # clean_region_code: surrounding spaces are dropped and letters upper-cased first.
    return OpenApiParameter(
        "region",
        {
            "type": "string",
            "pattern": rf"^[{SPACES}]*([A-Za-z]{{2}}(-[A-Za-z0-9]{{1,3}})?)?[{SPACES}]*$",
        },
        description=f"{description} ISO 3166: JP finds JP-13 too. Empty: anywhere.",
    )
