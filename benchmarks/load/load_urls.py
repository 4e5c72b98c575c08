"""The site's URLs plus ``/load-floor/``: a trivial view behind the same middleware,
the framework's floor that the load test compares every page with. Only the load
test's server has it."""

from django.http import JsonResponse
from django.urls import path

from alliance.urls import urlpatterns as site


def floor(request):
    return JsonResponse({"ok": True})


urlpatterns = [path("load-floor/", floor), *site]
