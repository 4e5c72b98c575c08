"""``/api/``: version 1 of the resources, the OpenAPI schema and its documentation.

Outside ``i18n_patterns``: an API address does not change with the language;
messages follow the request's ``Accept-Language``.
"""

from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView
from rest_framework.permissions import AllowAny

from alliance.api.docs import api_docs
from alliance.api.exceptions import unknown_address

urlpatterns = [
    # The suggestions first: the most requested resource is tried first.
    path("v1/", include("matching.api.urls")),
    path("v1/", include("partners.api.urls")),
    path(
        "schema/",
        SpectacularAPIView.as_view(permission_classes=[AllowAny]),
        name="api-schema",
    ),
    path("docs/", api_docs, name="api-docs"),
    # Last: any other address under /api/ answers 404 in the API's error format.
    re_path(r"^.*$", unknown_address, name="api-unknown"),
]
