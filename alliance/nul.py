"""NUL characters (U+0000) are refused before they reach the database.

PostgreSQL cannot store them in text and raises on the query ("A string literal
cannot contain NUL"), which would answer a request with a server error. Django's
form fields refuse them already, and so do the API's text fields (DRF's CharField
and the exchange format's validation, each naming its field); this covers request
paths and query strings (``NulRefusingMiddleware``, every page and API route).
"""

from __future__ import annotations

from django.http import HttpResponseBadRequest, JsonResponse

from alliance.json_input import NUL, nul_message


class NulRefusingMiddleware:
    """400 for a request whose path or query string holds a NUL character."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        query = request.GET
        if NUL in request.path or any(
            NUL in key or any(NUL in value for value in query.getlist(key)) for key in query
        ):
            if request.path.startswith("/api/"):
                from alliance.api.exceptions import error_body

                return JsonResponse(error_body("parse_error", nul_message()), status=400)
            return HttpResponseBadRequest(nul_message())
        return self.get_response(request)
