"""``/api/``: version 1 of the resources, the OpenAPI schema and its documentation.

Outside ``i18n_patterns``: an API address does not change with the language;
messages follow the request's ``Accept-Language``.
"""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.permissions import AllowAny

urlpatterns = [
    # The suggestions first: the most requested resource is tried first.
    path("v1/", include("matching.api.urls")),
    path("v1/", include("partners.api.urls")),
    path(
        "schema/",
        SpectacularAPIView.as_view(permission_classes=[AllowAny]),
        name="api-schema",
    ),
    path(
        "docs/",
        # The split view serves its script as a file (?script): no inline script (CSP).
        SpectacularSwaggerSplitView.as_view(url_name="api-schema", permission_classes=[AllowAny]),
        name="api-docs",
    ),
]
