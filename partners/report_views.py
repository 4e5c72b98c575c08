"""The page where a member reports a company profile to Kyoso staff, and the button
with which a company hidden by staff asks them to review its profile.

Thin: the form validates, ``partners.services.reports`` and ``partners.services.reviews``
decide and write. A company the user may not see (or, for a review, is not a member
of) answers 404, like a missing one.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from .key_views import former_key_redirect
from .models import Company
from .report_forms import ReportForm
from .selectors import company_visible_to, user_is_member
from .services.reports import report_check, report_create
from .services.reviews import review_request_create


@login_required
@former_key_redirect
@require_http_methods(["GET", "HEAD", "POST"])
def company_report(request: HttpRequest, key: str) -> HttpResponse:
    company = get_object_or_404(Company, key=key)
    if not company_visible_to(user=request.user, company=company):
        raise Http404("No company found.")
    form = ReportForm(request.POST or None)
    refusals: list[str] = []  # why a report would be refused, shown before it is sent
    if request.method == "POST":
        if form.is_valid():
            try:
                report_create(user=request.user, company=company, **form.cleaned_data)
            except ValidationError as error:
                form.add_error(None, error.messages)
            else:
                messages.success(
                    request,
                    _("Thank you: your report on %(company)s was sent to Kyoso staff.")
                    % {"company": company.name},
                )
                return redirect("partners:company_detail", key=company.key)
    else:
        try:
            report_check(user=request.user, company=company)
        except ValidationError as error:
            refusals = error.messages
    context = {"form": form, "company": company, "refusals": refusals}
    return render(request, "partners/report_form.html", context)


@login_required
@require_POST
def company_review_request(request: HttpRequest, key: str) -> HttpResponse:
    company = get_object_or_404(Company, key=key)
    if not user_is_member(user=request.user, company=company):
        raise Http404("No company found.")
    try:
        review_request_create(
            user=request.user, company=company, message=request.POST.get("message", "")
        )
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(
            request,
            _(
                "Your request was sent: Kyoso staff will review the profile of %(company)s. "
                "It stays hidden until they answer."
            )
            % {"company": company.name},
        )
    return redirect("partners:company_detail", key=company.key)
