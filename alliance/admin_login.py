"""The Django admin's sign-in page, which takes no password.

The admin's own form would be a second door for guessing passwords, without the
limits allauth puts on the site's login page (``ACCOUNT_RATE_LIMITS``): wrapping it
in ``login_required`` is not enough, because a signed-in member who is not staff
is shown that form and may post to it as often as they like. So every visitor is
sent to the one limited form, and nothing here ever checks a password.
"""

from django.contrib.auth import REDIRECT_FIELD_NAME
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponseRedirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache


@never_cache
def admin_login(request: HttpRequest, extra_context: dict | None = None) -> HttpResponseRedirect:
    """Anonymous visitors go to the site's login page, staff to where they were going;
    a signed-in member who is not staff is refused (403), whatever the method."""
    target = request.GET.get(REDIRECT_FIELD_NAME, "")
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = reverse("admin:index")
    if not request.user.is_authenticated:
        return redirect_to_login(target)
    if request.user.is_active and request.user.is_staff:
        return HttpResponseRedirect(target)
    raise PermissionDenied
