from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

from alliance.admin_login import admin_login
from alliance.healthz import healthz

# The admin signs in through the site's own login page, whose failures allauth counts
# and limits (ACCOUNT_RATE_LIMITS): its own form is never shown (alliance/admin_login.py).
admin.site.login = admin_login

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/", include("alliance.api.urls")),
]

urlpatterns += i18n_patterns(
    path("admin/", admin.site.urls),
    path("dashboard/", include("alliance.dashboard.urls")),
    path("accounts/", include("allauth.urls")),
    path("", include("matching.urls")),
    path("", include("partners.urls")),
    prefix_default_language=True,
)

if settings.DEBUG:
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()

# JSON (the API's error format) for unknown addresses under /api/, the site's page elsewhere.
handler404 = "alliance.api.exceptions.not_found"
