"""The directory's and the suggestions' filters, documented as the enumerations and
patterns the pages' filter forms accept (``partners.forms``): an integrator (and
schemathesis) can tell a valid filter from one the API answers with 400."""

from django.utils.functional import Promise
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import OpenApiParameter

from alliance.api.schema import SPACES
from partners.reference import VALUE_CHAIN_CHOICES, industry_schema_pattern
from partners.regions import region_schema_pattern


def _typed(pattern: str) -> dict:
    # Surrounding spaces are dropped first (str.strip()), as the forms' text fields do.
    return {"type": "string", "pattern": rf"^[{SPACES}]*({pattern})?[{SPACES}]*$"}


def _described(description: str | Promise, more: str | Promise) -> Promise:
    # Each piece translated on its own, in the language the schema is rendered in.
    return format_lazy("{} {}", description, more)


def industry_filter(description: str | Promise) -> OpenApiParameter:
    # partners.forms.clean_industry_code reads a letter in either case or a name.
    return OpenApiParameter(
        "industry",
        _typed(industry_schema_pattern()),
        description=_described(
            description,
            gettext_lazy(
                "Or its name, in Japanese (JSIC style, e.g. 製造業) or English (e.g. "
                "Manufacturing), in any case, full- or half-width. Empty: every industry."
            ),
        ),
    )


def activity_filter(description: str | Promise) -> OpenApiParameter:
    return OpenApiParameter(
        "activity",
        str,
        enum=["", *(code for code, _name in VALUE_CHAIN_CHOICES)],
        description=_described(description, gettext_lazy("Empty: any activity.")),
    )


def region_filter(description: str | Promise) -> OpenApiParameter:
    # partners.forms.clean_region_code reads a code in either case, a name or an address.
    return OpenApiParameter(
        "region",
        _typed(region_schema_pattern()),
        description=_described(
            description,
            gettext_lazy(
                "An ISO 3166 code (JP finds JP-13 too), or the name of a prefecture or "
                "country in Japanese or English (東京都, 東京, 大阪, Osaka, Germany), or a "
                "Japanese address starting with its prefecture (東京都大田区…). Empty: anywhere."
            ),
        ),
    )
