"""A company's page address (its key): the owner's page to change it, and the
redirects that take old addresses to the new one.

Thin: the form validates, ``partners.services.companies`` writes. A former key leads
(301; 308 for a form sent there, so that it is sent again) to the same page under the
company's current key, but only for a user who may see the company: for anyone else
an old address answers the same 404 as a missing one, so that it reveals nothing.
"""

from __future__ import annotations

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponsePermanentRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from .key_forms import CompanyKeyForm
from .models import Company
from .selectors import company_by_key, company_visible_to, user_can_change_company_key
from .services.companies import company_key_change


class HttpResponsePermanentRedirectKeepMethod(HttpResponsePermanentRedirect):
    status_code = 308


def former_key_redirect(view):
    """For a page view taking ``key``: where it answers 404 and ``key`` is a former key
    of a company the user may see, a permanent redirect to the same page (and query)
    under the company's key. Costs nothing on the way to a page found."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args, key: str, **kwargs) -> HttpResponse:
        try:
            return view(request, *args, key=key, **kwargs)
        except Http404:
            company = company_by_key(key=key)
            if company is None or company.key == key:
                raise
            if not company_visible_to(user=request.user, company=company):
                raise
        match = request.resolver_match
        url = reverse(match.view_name, args=args, kwargs={**kwargs, "key": company.key})
        if request.META.get("QUERY_STRING"):
            url += "?" + request.META["QUERY_STRING"]
        if request.method in ("GET", "HEAD"):
            return HttpResponsePermanentRedirect(url)
        return HttpResponsePermanentRedirectKeepMethod(url)

    return wrapped


@login_required
@former_key_redirect
@require_http_methods(["GET", "HEAD", "POST"])
def company_key_edit(request: HttpRequest, key: str) -> HttpResponse:
    company = get_object_or_404(Company, key=key)
    if not user_can_change_company_key(user=request.user, company=company):
        raise Http404("No company found.")
    form = CompanyKeyForm(request.POST or None, company=company)
    if request.method == "POST" and form.is_valid():
        old_key = company.key
        try:
            company = company_key_change(company=company, key=form.cleaned_data["key"])
        except ValidationError as error:
            form.add_error("key", error)
        else:
            if company.key != old_key:
                messages.success(
                    request,
                    _(
                        "Your company page is now at %(address)s. Links to the old "
                        "address %(old)s lead there."
                    )
                    % {
                        "address": request.build_absolute_uri(
                            reverse("partners:company_detail", args=[company.key])
                        ),
                        "old": old_key,
                    },
                )
            return redirect("partners:company_detail", key=company.key)
    context = {"form": form, "company": company}
    return render(request, "partners/company_key_form.html", context)
