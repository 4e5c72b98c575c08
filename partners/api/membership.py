"""Which of the requesting user's companies an API request acts for."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import OpenApiParameter
from rest_framework.exceptions import APIException, NotFound, PermissionDenied
from rest_framework.exceptions import ValidationError as InputError
from rest_framework.request import Request

from alliance.api.exceptions import Conflict, InputRefused
from partners.models import Company
from partners.selectors import company_of_member

COMPANY_PARAMETER = OpenApiParameter(
    "company",
    str,
    description=gettext_lazy(
        "Key of one of your companies, if you belong to several (default: your first)."
    ),
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


def refusal(error: ValidationError) -> APIException:
    """A service's refusal (Django's ValidationError) as the API's answer: 409 when the
    request was right but the object's state refuses it (code ``conflict``: already
    answered, no longer open; a proposal starting in the past, with the field named),
    403 when only the other side may do it (``forbidden``), 400 for input to correct."""
    codes = {getattr(e, "code", None) for e in getattr(error, "error_list", [])}
    if codes == {"conflict"}:
        return Conflict(" ".join(error.messages))
    if hasattr(error, "error_dict"):
        field_codes = {e.code for errors in error.error_dict.values() for e in errors}
        if field_codes == {"conflict"}:
            conflict = Conflict(" ".join(error.messages))
            conflict.fields = {
                field: list(messages) for field, messages in error.message_dict.items()
            }
            return conflict
    if codes == {"forbidden"}:
        return PermissionDenied(" ".join(error.messages))
    if hasattr(error, "error_dict"):
        return InputRefused(
            {field: list(messages) for field, messages in error.message_dict.items()}
        )
    return InputError(error.messages)
