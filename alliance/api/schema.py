"""Pieces of the OpenAPI schema shared by every endpoint: the token scheme and the
documented error body."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.utils import OpenApiExample, OpenApiResponse
from rest_framework import serializers


class ApiTokenScheme(OpenApiAuthenticationExtension):
    target_class = "alliance.api.authentication.ApiTokenAuthentication"
    name = "apiToken"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "bearerFormat": "kyo_<prefix>_<secret>",
            "description": str(_("A personal API token, made on the account's “API tokens” page.")),
        }


class ErrorSerializer(serializers.Serializer):
    """The body of every answer with a status of 400 or more."""

    code = serializers.CharField(help_text="Machine-readable: invalid, not_found, throttled …")
    message = serializers.CharField(help_text="For people, in the request's language.")
    fields = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()),
        required=False,
        help_text="Only when input was refused: messages per field path.",
    )


_ERRORS = {
    400: (
        "Input refused",
        {
            "code": "invalid",
            "message": "The request was refused: the fields say what to correct.",
            "fields": {"capabilities": ["must list at least 1 item(s)"]},
        },
    ),
    401: (
        "No valid credentials",
        {"code": "not_authenticated", "message": "Authentication credentials were not provided."},
    ),
    403: (
        "Not allowed",
        {
            "code": "permission_denied",
            "message": "You do not have permission to perform this action.",
        },
    ),
    404: ("Not found", {"code": "not_found", "message": "Not found."}),
    429: (
        "Too many requests (see Retry-After)",
        {
            "code": "throttled",
            "message": "Request was throttled. Expected available in 42 seconds.",
        },
    ),
}


def error_responses(*statuses: int) -> dict[int, OpenApiResponse]:
    """Documented error answers (401 and 429 are added to every endpoint's list)."""
    wanted = sorted({*statuses, 401, 429})
    return {
        code: OpenApiResponse(
            response=ErrorSerializer,
            description=_ERRORS[code][0],
            examples=[OpenApiExample(_ERRORS[code][0], value=_ERRORS[code][1])],
        )
        for code in wanted
    }
