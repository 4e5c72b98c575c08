"""NUL characters (U+0000) are refused before they reach the database.

PostgreSQL cannot store them in text and raises on the query ("A string literal
cannot contain NUL"), which would answer a request with a server error. Django's
form fields refuse them already; this covers the rest: request paths and query
strings (``NulRefusingMiddleware``, every page and API route) and JSON bodies
(``NulRefusingJSONParser``, the API's parser).
"""

from __future__ import annotations

from typing import Any

from django.http import HttpResponseBadRequest, JsonResponse
from django.utils.translation import gettext as _
from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser

NUL = "\x00"


def has_nul(value: Any) -> bool:
    """Whether a string anywhere in ``value`` (keys of mappings too) holds a NUL."""
    if isinstance(value, str):
        return NUL in value
    if isinstance(value, dict):
        return any(has_nul(k) or has_nul(v) for k, v in value.items())
    if isinstance(value, list | tuple):
        return any(has_nul(v) for v in value)
    return False


def _message() -> str:
    return _("The request contains a NUL character (U+0000), which no text may contain.")


class NulRefusingMiddleware:
    """400 for a request whose path or query string holds a NUL character."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        query = request.GET
        if NUL in request.path or any(has_nul(k) or has_nul(query.getlist(k)) for k in query):
            if request.path.startswith("/api/"):
                from alliance.api.exceptions import error_body

                return JsonResponse(error_body("parse_error", _message()), status=400)
            return HttpResponseBadRequest(_message())
        return self.get_response(request)


class NulRefusingJSONParser(JSONParser):
    """DRF's JSON parser, refusing bodies whose text holds a NUL character."""

    def parse(self, stream, media_type=None, parser_context=None):
        data = super().parse(stream, media_type, parser_context)
        if has_nul(data):
            raise ParseError(_message())
        return data
