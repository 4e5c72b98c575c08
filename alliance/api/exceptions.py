"""One error format for every API answer of 400 or more (``EXCEPTION_HANDLER``)::

    {"code": "invalid", "message": "…", "fields": {"name": ["…"]}}

``code`` is for programs (DRF's codes: ``not_authenticated``, ``not_found``,
``throttled`` …), ``message`` for people, in the request's language; ``fields``
appears only when input was refused, keyed by the path of each field
(``value_chain.strengths``, ``capabilities[2]``). Unexpected failures are logged
and answered with ``server_error`` instead of an HTML page.
"""

from __future__ import annotations

import logging
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, RequestDataTooBig
from django.http import Http404, HttpRequest, HttpResponsePermanentRedirect, JsonResponse
from django.urls import Resolver404, resolve
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.views import set_rollback

logger = logging.getLogger(__name__)

FieldErrors = dict[str, list[str]]


def error_body(code: str, message: str, fields: FieldErrors | None = None) -> dict[str, Any]:
    body: dict[str, Any] = {"code": code, "message": str(message)}
    if fields is not None:
        body["fields"] = fields
    return body


class InputRefused(exceptions.ValidationError):
    """Input refused with errors per field path, and optionally a message of its own."""

    def __init__(self, fields: FieldErrors, *, message: str | None = None):
        super().__init__(fields)
        self.message = message


class Conflict(exceptions.APIException):
    """409: a well-formed request the object's present state refuses (already answered,
    no longer open); the message says which."""

    status_code = status.HTTP_409_CONFLICT
    default_code = "conflict"


class BodyTooLarge(exceptions.APIException):
    """413 for a body over ``DATA_UPLOAD_MAX_MEMORY_SIZE`` (Django refuses to read it)."""

    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_code = "too_large"

    def __init__(self, hint: str = ""):
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        message = _(
            "The request body is larger than %(limit)s bytes, the most the API reads in one "
            "request."
        ) % {"limit": f"{limit:,}"}
        super().__init__(f"{message} {hint}".strip())


def api_exception_handler(exc: Exception, context: dict) -> Response:
    """DRF's ``EXCEPTION_HANDLER``: every failure as the error format."""
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()  # Django's own text names models: keep ours
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()
    elif isinstance(exc, RequestDataTooBig):
        exc = BodyTooLarge(getattr(context.get("view"), "too_large_hint", ""))
    set_rollback()
    if not isinstance(exc, exceptions.APIException):
        logger.exception("API request failed", exc_info=exc)
        body = error_body("server_error", _("Something went wrong on our side. Try again later."))
        return Response(body, status=status.HTTP_500_INTERNAL_SERVER_ERROR)
    headers = {}
    if getattr(exc, "auth_header", None):
        headers["WWW-Authenticate"] = exc.auth_header
    if getattr(exc, "wait", None):
        headers["Retry-After"] = str(int(exc.wait))
    return Response(_body_of(exc), status=exc.status_code, headers=headers)


def _body_of(exc: exceptions.APIException) -> dict[str, Any]:
    if isinstance(exc, exceptions.ValidationError):
        fields = field_errors(exc.detail)
        message = getattr(exc, "message", None) or _validation_message(fields)
        return error_body("invalid", message, fields)
    detail = exc.detail
    code = getattr(detail, "code", None) or exc.default_code
    return error_body(str(code), str(detail), getattr(exc, "fields", None))


def _validation_message(fields: FieldErrors) -> str:
    general = fields.get(api_settings.NON_FIELD_ERRORS_KEY)
    if general and len(fields) == 1:
        return general[0]
    return _("The request was refused: the fields say what to correct.")


def field_errors(detail: Any, path: str = "") -> FieldErrors:
    """DRF's nested error detail flattened to ``{"a.b[2]": ["…"]}``."""
    if isinstance(detail, dict):
        out: FieldErrors = {}
        for key, value in detail.items():
            for name, messages in field_errors(value, _join(path, key)).items():
                out.setdefault(name, []).extend(messages)
        return out
    if isinstance(detail, list) and any(isinstance(item, dict | list) for item in detail):
        out = {}
        for index, value in enumerate(detail):
            for name, messages in field_errors(value, _join(path, index)).items():
                out.setdefault(name, []).extend(messages)
        return out
    messages = detail if isinstance(detail, list) else [detail]
    return {path or api_settings.NON_FIELD_ERRORS_KEY: [str(m) for m in messages]}


def _join(path: str, part: str | int) -> str:
    if isinstance(part, int) or (isinstance(part, str) and part.isdigit() and path):
        return f"{path}[{part}]"
    return f"{path}.{part}" if path else str(part)


def not_found(request: HttpRequest, exception: Exception | None = None):
    """``handler404``: the error format under ``/api/``, the site's page elsewhere."""
    if request.path.startswith("/api/"):
        return _not_found_json()
    from django.views.defaults import page_not_found

    return page_not_found(request, exception)


def _not_found_json() -> JsonResponse:
    body = error_body("not_found", str(exceptions.NotFound.default_detail))
    return JsonResponse(body, status=404, json_dumps_params={"ensure_ascii": False})


@csrf_exempt  # it changes nothing; a session's unsafe method gets 404, not CSRF's HTML 403
def unknown_address(request: HttpRequest) -> HttpResponsePermanentRedirect | JsonResponse:
    """The last route under ``/api/``: an address no endpoint answers gets the error format
    in every setting (``handler404`` is not used when ``DEBUG`` is on).

    Matching every address, this route would keep ``CommonMiddleware`` from adding a
    missing final slash: an address that names an endpoint once a slash is added is
    redirected there, as Django would do without this route.
    """
    if settings.APPEND_SLASH and not request.path_info.endswith("/"):
        try:
            match = resolve(request.path_info + "/")
        except Resolver404:
            match = None
        if match is not None and match.func is not unknown_address:
            return HttpResponsePermanentRedirect(request.get_full_path(force_append_slash=True))
    return _not_found_json()
