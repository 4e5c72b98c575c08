"""Which of the requesting user's companies an API request acts for."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter
from rest_framework.exceptions import NotFound
from rest_framework.exceptions import ValidationError as InputError
from rest_framework.request import Request

from alliance.api.exceptions import InputRefused
from partners.models import Company
from partners.selectors import company_of_member

COMPANY_PARAMETER = OpenApiParameter(
    "company",
    str,
    description="Key of one of your companies, if you belong to several (default: your first).",
)


def requester_company(request: Request):
    """The company named by ``?company=<key>`` (or the user's first); 404 otherwise."""
    key = request.query_params.get("company", "")
    company: Company | None = company_of_member(user=request.user, key=key)
    if company is None:
        if key:
            raise NotFound(_("You are not a member of a company with this key."))
        raise NotFound(
            _("You are not a member of any company yet: create its profile on the site first.")
        )
    return company


def refusal(error: ValidationError) -> InputError:
    """A service's refusal (Django's ValidationError) as the API's 400."""
    if hasattr(error, "error_dict"):
        return InputRefused(
            {field: list(messages) for field, messages in error.message_dict.items()}
        )
    return InputError(error.messages)
