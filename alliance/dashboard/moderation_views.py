"""The staff queue of reported profiles: hide a profile with a reason, or dismiss a report;
and the requests of hidden companies to review their profile: show it again, or keep it
hidden with a note its members read.

Staff only (a member is refused, a visitor signs in). Thin: the forms validate,
``partners.services.reports`` decides and writes, ``partners.selectors`` reads.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_GET, require_POST

from alliance.dashboard.views import staff_required
from partners.models import Company, Report, ReviewRequest
from partners.selectors import reports_open, reports_open_count, review_requests_open
from partners.services.reports import (
    MAX_REASON_LENGTH,
    company_hide_for_reports,
    report_dismiss,
)
from partners.services.reviews import review_request_keep, review_request_show

PAGE_SIZE = 25


class HideForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Reason for hiding (the company's members read it)"),
        max_length=MAX_REASON_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={
            "required": gettext_lazy(
                "Write the reason for hiding the profile: its owner will read it."
            )
        },
    )


class DismissForm(forms.Form):
    note = forms.CharField(
        label=gettext_lazy("Note (optional, for staff)"),
        required=False,
        max_length=MAX_REASON_LENGTH,
    )


def _back(request: HttpRequest) -> str:
    page = request.POST.get("page", "")
    url = reverse("dashboard:reports")
    return f"{url}?page={page}" if page.isdigit() else url


def _refused(request: HttpRequest, errors) -> None:
    for message in errors:
        messages.error(request, message)


@staff_required
@require_GET
def reports(request: HttpRequest) -> HttpResponse:
    page = Paginator(reports_open(), PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "open_count": reports_open_count(),
        "hide_form": HideForm(),
        "dismiss_form": DismissForm(),
        "reviews": review_requests_open(),
    }
    return render(request, "dashboard/reports.html", context)


@staff_required
@require_POST
def report_hide(request: HttpRequest, company_id: int) -> HttpResponse:
    company = get_object_or_404(Company, pk=company_id)
    form = HideForm(request.POST)
    if not form.is_valid():
        _refused(request, [m for errors in form.errors.values() for m in errors])
        return redirect(_back(request))
    try:
        closed = company_hide_for_reports(
            staff=request.user, company=company, reason=form.cleaned_data["reason"]
        )
    except ValidationError as error:
        _refused(request, error.messages)
    else:
        messages.success(
            request,
            ngettext(
                "%(company)s is hidden; %(count)d report was closed. Its members were told why.",
                "%(company)s is hidden; %(count)d reports were closed. Its members were told why.",
                closed,
            )
            % {"company": company.name, "count": closed},
        )
    return redirect(_back(request))


@staff_required
@require_POST
def report_dismiss_view(request: HttpRequest, pk: int) -> HttpResponse:
    report = get_object_or_404(Report.objects.select_related("company"), pk=pk)
    form = DismissForm(request.POST)
    if not form.is_valid():
        _refused(request, [m for errors in form.errors.values() for m in errors])
        return redirect(_back(request))
    try:
        report_dismiss(staff=request.user, report=report, note=form.cleaned_data["note"])
    except ValidationError as error:
        _refused(request, error.messages)
    else:
        messages.success(
            request,
            _("The report on %(company)s was dismissed.") % {"company": report.company.name},
        )
    return redirect(_back(request))


@staff_required
@require_POST
def review_answer(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    """Staff answer a company's request for a review: ``show`` lists the profile again,
    ``keep`` keeps it hidden with a note its members read."""
    review = get_object_or_404(ReviewRequest.objects.select_related("company"), pk=pk)
    answer = {"show": review_request_show, "keep": review_request_keep}.get(action)
    if answer is None:
        raise Http404("No such answer.")
    try:
        answer(staff=request.user, review=review, note=request.POST.get("note", ""))
    except ValidationError as error:
        _refused(request, error.messages)
    else:
        done = {
            "show": _("%(company)s is visible again."),
            "keep": _("%(company)s stays hidden; its members can read your note."),
        }[action]
        messages.success(request, done % {"company": review.company.name})
    return redirect(_back(request))
