"""The member's own account: the terms and privacy policy, a copy of their data,
deleting the account, and an owner deleting their company. Thin: forms validate,
``partners.services.accounts`` decides and writes. A company the user is not a member
of answers 404, like a missing one; a plain member is refused by the service.
"""

from __future__ import annotations

import json

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from .account_forms import AccountDeleteForm, CompanyDeleteForm
from .legal import TERMS_DATE, TERMS_VERSION
from .selectors import company_of_member, user_is_owner
from .services.accounts import (
    account_delete,
    account_deletion_plan,
    account_export,
    company_delete,
)


def _legal(request: HttpRequest, document: str) -> HttpResponse:
    language = "ja" if (get_language() or "").startswith("ja") else "en"
    context = {
        "document": document,
        "body_template": f"legal/{document}_{language}.html",
        "terms_version": TERMS_VERSION,
        "terms_date": TERMS_DATE,
        "contact": settings.PRIVACY_CONTACT_EMAIL,
    }
    return render(request, "legal/document.html", context)


@require_GET
def terms(request: HttpRequest) -> HttpResponse:
    return _legal(request, "terms")


@require_GET
def privacy(request: HttpRequest) -> HttpResponse:
    return _legal(request, "privacy")


@never_cache
@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def account_data(request: HttpRequest) -> HttpResponse:
    """GET: what the copy holds; POST: the copy itself, a JSON file to save."""
    if request.method != "POST":
        return render(request, "account/data.html")
    document = account_export(user=request.user)
    name = f"kyoso-account-{timezone.now():%Y%m%d}.json"
    response = HttpResponse(
        json.dumps(document, ensure_ascii=False, indent=2),
        content_type="application/json; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@never_cache
@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def account_delete_view(request: HttpRequest) -> HttpResponse:
    form = AccountDeleteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = request.user
        try:
            deleted = account_delete(
                user=user,
                confirmation=form.cleaned_data["confirmation"],
                delete_companies=form.cleaned_data["delete_companies"],
            )
        except ValidationError as error:
            for message in error.messages:
                form.add_error(None, message)
        else:
            logout(request)
            messages.success(request, _("Your account was deleted. Thank you for using Kyoso."))
            if deleted:
                messages.info(
                    request,
                    _("Deleted with it: %(companies)s.") % {"companies": ", ".join(deleted)},
                )
            return redirect("partners:home")
    plan = account_deletion_plan(user=request.user)
    return render(request, "account/delete.html", {"form": form, "plan": plan})


@never_cache
@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def company_delete_view(request: HttpRequest, key: str) -> HttpResponse:
    company = company_of_member(user=request.user, key=key)
    if company is None:
        raise Http404("No company found.")
    form = CompanyDeleteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            company_delete(
                user=request.user,
                company=company,
                confirmation=form.cleaned_data["confirmation"],
            )
        except (ValidationError, PermissionDenied) as error:
            for message in getattr(error, "messages", None) or [str(error)]:
                form.add_error(None, message)
        else:
            messages.success(request, _("%(company)s was deleted.") % {"company": company.name})
            return redirect("partners:account_delete")
    context = {
        "form": form,
        "company": company,
        "is_owner": user_is_owner(user=request.user, company=company),
    }
    return render(request, "account/company_delete.html", context)
