"""Pages of the company profiles. Thin: forms validate, services write, selectors read.

Who may see what:
- the landing page is public;
- the directory and every company page need a signed-in user (anonymous visitors
  are sent to the login page);
- a company page that the user may not see answers 404, like a missing one, so
  that its existence does not leak; the same holds for editing someone else's
  profile;
- contact details are shown to the company's own members only.
"""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from alliance.kept import kept_page
from alliance.pagination import CachedCountPaginator

from .forms import CompanyProfileForm, DirectoryFilterForm
from .key_views import former_key_redirect
from .models import Company, Interest
from .selectors import (
    Waiting,
    company_alliances,
    company_for_user,
    company_visible_to,
    directory_companies,
    interests_pending_received,
    interests_pending_sent,
    matches_without_proposal,
    proposals_to_answer,
    user_can_change_company_key,
    user_can_edit_company,
    user_can_see_contact,
    user_is_member,
    waiting_block,
)
from .services.companies import company_create, company_update


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    """The landing page for visitors; for a member, what waits for them."""
    company = company_for_user(user=request.user)
    context = {}
    if company is not None:
        context["waiting"] = waiting = _waiting(request.user, company)
        context["nothing_waits"] = not any(block.count for block in waiting.values())
    return render(request, "partners/home.html", context)


def _waiting(user, company: Company) -> dict[str, Waiting]:
    """The home page's blocks: a count and the first few of each, in constant queries."""
    # matching reads partners, never the other way round at import time.
    from matching.selectors.browsing import suggestions_new

    matches = waiting_block(matches_without_proposal(company=company))
    return {
        "suggestions": waiting_block(suggestions_new(user=user, company=company)),
        "received": waiting_block(interests_pending_received(company=company)),
        "sent": waiting_block(interests_pending_sent(company=company)),
        "matches": Waiting(matches.count, [(m, m.other(company)) for m in matches.first]),
        "proposals": waiting_block(proposals_to_answer(company=company)),
    }


@kept_page("page-directory")
@login_required
@require_GET
def directory(request: HttpRequest) -> HttpResponse:
    form = DirectoryFilterForm(request.GET or None)
    filters = form.filters()
    paginator = CachedCountPaginator(
        directory_companies(**filters),
        settings.DIRECTORY_PAGE_SIZE,
        count_key=f"directory:{sorted(filters.items())}",
    )
    page = paginator.get_page(request.GET.get("page"))
    context = {"form": form, "page": page, "filtered": bool(filters)}
    return render(request, "partners/directory.html", context)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def company_new(request: HttpRequest) -> HttpResponse:
    existing = company_for_user(user=request.user)
    if existing is not None:
        messages.info(request, _("You already have a company profile. Here it is."))
        return redirect("partners:company_detail", key=existing.key)
    form = CompanyProfileForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        company = _save(form, lambda data: company_create(owner=request.user, data=data))
        if company is not None:
            messages.success(request, _("Your company profile has been created."))
            return redirect("partners:company_detail", key=company.key)
    return render(request, "partners/company_form.html", {"form": form, "company": None})


@login_required
@former_key_redirect
@require_GET
def company_detail(request: HttpRequest, key: str) -> HttpResponse:
    company = _company_or_404(key, lambda c: company_visible_to(user=request.user, company=c))
    is_member = user_is_member(user=request.user, company=company)
    mine = None if is_member else company_for_user(user=request.user)
    context = {
        "company": company,
        "is_member": is_member,
        "can_edit": user_can_edit_company(user=request.user, company=company),
        "can_change_key": user_can_change_company_key(user=request.user, company=company),
        "show_contact": user_can_see_contact(user=request.user, company=company),
        "alliances": company_alliances(company=company, viewer=request.user),
        "my_side": mine,
        "interest_sent": mine is not None
        and Interest.objects.filter(sender=mine, recipient=company).first(),
    }
    return render(request, "partners/company_detail.html", context)


@login_required
@former_key_redirect
@require_http_methods(["GET", "HEAD", "POST"])
def company_edit(request: HttpRequest, key: str) -> HttpResponse:
    company = _company_or_404(key, lambda c: user_can_edit_company(user=request.user, company=c))
    form = CompanyProfileForm(request.POST or None, company=company)
    if request.method == "POST" and form.is_valid():
        saved = _save(form, lambda data: company_update(company=company, data=data))
        if saved is not None:
            messages.success(request, _("Your changes have been saved."))
            return redirect("partners:company_detail", key=company.key)
    context = {
        "form": form,
        "company": company,
        "can_change_key": user_can_change_company_key(user=request.user, company=company),
    }
    return render(request, "partners/company_form.html", context)


@login_required
@require_GET
def company_settings(request: HttpRequest) -> HttpResponse:
    """The member's company settings: its profile, API tokens, webhooks, notifications."""
    company = company_for_user(user=request.user)
    if company is None:
        messages.info(request, _("Create your company's profile first."))
        return redirect("partners:company_create")
    context = {
        "company": company,
        "can_change_key": user_can_change_company_key(user=request.user, company=company),
    }
    return render(request, "partners/company_settings.html", context)


def _company_or_404(key: str, allowed) -> Company:
    """The company with this key if ``allowed(company)``; 404 otherwise, as for a missing one."""
    company = get_object_or_404(Company, key=key)
    if not allowed(company):
        raise Http404("No company found.")
    return company


def _save(form: CompanyProfileForm, write) -> Company | None:
    """Run the service on the form's data; report a refusal of the model on the form."""
    try:
        return write(form.cleaned_data)
    except ValidationError as error:
        form.add_error(None, error.messages)
        return None
