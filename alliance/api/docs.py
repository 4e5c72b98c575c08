"""``/api/docs/``: Swagger UI over the schema in the reader's language.

The schema's summaries and descriptions are translated (``gettext_lazy``), and its
introduction is ``description.ja.md`` in Japanese (``schema.describe_in_language``);
drf-spectacular renders the schema in the language its ``?lang=`` names. The page asks
for the schema with that parameter, so that what it shows does not depend on the
headers of the script's own request.
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import translation
from drf_spectacular.views import SpectacularSwaggerSplitView
from rest_framework.permissions import AllowAny


def docs_language(request: HttpRequest) -> str:
    """``?lang=``, else the language chosen on the site (its cookie), else the signed-in
    member's (the one they last used), else the browser's."""
    supported = dict(settings.LANGUAGES)
    user = getattr(request, "user", None)
    candidates = (
        request.GET.get("lang"),
        request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME),
        getattr(user, "language", None) if user is not None and user.is_authenticated else None,
    )
    for candidate in candidates:
        if candidate in supported:
            return candidate
    return translation.get_language() or settings.LANGUAGE_CODE


def api_docs(request: HttpRequest) -> HttpResponse:
    language = docs_language(request)
    schema_url = f"{reverse('api-schema')}?lang={language}"
    # The split view serves its script as a file (?script): no inline script (CSP).
    view = SpectacularSwaggerSplitView.as_view(url=schema_url, permission_classes=[AllowAny])
    with translation.override(language):
        return view(request)
