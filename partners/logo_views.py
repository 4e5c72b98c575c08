"""A company's logo: the page where its members change it, and the image itself.

Thin: ``partners.services.logos`` checks and re-encodes uploads. The image answers
404 to whoever may not open the company's page, like a missing one, and is sent as
a PNG that cannot be read as anything else (``nosniff``, a CSP of its own).
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from .logo_forms import LogoForm
from .models import Company, CompanyLogo
from .selectors import company_visible_to, user_can_edit_company
from .services.logos import company_logo_remove, company_logo_set


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def company_logo_edit(request: HttpRequest, key: str) -> HttpResponse:
    company = get_object_or_404(Company, key=key)
    if not user_can_edit_company(user=request.user, company=company):
        raise Http404("No company found.")
    form = LogoForm()
    if request.method == "POST" and "remove" in request.POST:
        if company_logo_remove(company=company):
            messages.success(request, _("The logo has been removed."))
        return redirect("partners:company_logo_edit", key=company.key)
    if request.method == "POST":
        form = LogoForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                company_logo_set(company=company, data=form.cleaned_data["logo"].read())
            except ValidationError as error:
                form.add_error("logo", error.messages)
            else:
                messages.success(request, _("The new logo has been saved."))
                return redirect("partners:company_detail", key=company.key)
    return render(request, "partners/company_logo_form.html", {"form": form, "company": company})


@login_required
@require_GET
def company_logo(request: HttpRequest, key: str) -> HttpResponse:
    company = get_object_or_404(Company, key=key)
    if not company.logo_digest or not company_visible_to(user=request.user, company=company):
        raise Http404("No logo found.")
    logo = get_object_or_404(CompanyLogo, company=company)
    response = HttpResponse(bytes(logo.image), content_type="image/png")
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Content-Disposition"] = f'inline; filename="{company.key}.png"'
    response["ETag"] = f'"{company.logo_digest}"'
    # The address of a logo carries its digest (?v=), so a kept copy is never stale;
    # private, as the company's visibility decides who may read it.
    if request.GET.get("v") == company.logo_digest:
        patch_cache_control(response, private=True, max_age=31_536_000, immutable=True)
    else:
        patch_cache_control(response, private=True, no_cache=True)
    return response
