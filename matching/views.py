"""Pages of the matching app: a member's suggested partners and what they do with them.

Thin: forms validate, ``matching.services.feedback`` and the co-creation services
write, ``matching.selectors.browsing`` reads. Every page needs a signed-in user;
actions are POST-only and come back to the page (its filters and page number kept
in ``next``, which must point to this site).
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from alliance.kept import kept_page
from matching.cards import short_list_note, suggestion_cards
from matching.forms import DismissForm, InterestForm, SaveForm, SuggestionFilterForm
from matching.selectors import browsing
from matching.services import feedback
from matching.services.seen import suggestions_seen_record
from partners.models import Company
from partners.selectors import company_for_user
from partners.services.cocreation import interest_send, match_between

PAGE_SIZE = 10
#: A success message whose ``extra_tags`` start with this offers an "Undo" button that
#: POSTs to the URL that follows (``templates/includes/message_undo.html``).
UNDO_TAG = "undo:"


@kept_page("page-suggestions")
@login_required
@require_GET
def suggestions(request: HttpRequest) -> HttpResponse:
    company = company_for_user(user=request.user)
    context: dict[str, Any] = {"company": company}
    if company is not None:
        context["readiness"] = readiness = browsing.profile_readiness(company=company)
        if readiness.ready:
            context.update(_browsing(request, company))
    response = render(request, "matching/suggestions.html", context)
    if context.get("status") is not None and context["status"].has_list:
        # Not when a kept page is served: that page was built, and its list recorded as
        # seen, since the list last changed (a new list makes it stale).
        suggestions_seen_record(user=request.user, company=company)
    status = context.get("status")
    if status is not None and status.busy:  # not kept while a run moves its progress
        response.kept = False
    return response


def _browsing(request: HttpRequest, company: Company) -> dict[str, Any]:
    form = SuggestionFilterForm(request.GET or None)
    rows = browsing.suggestions_browse(company=company, **form.filters())
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    summary = browsing.suggestions_summary(company=company)
    return {
        "form": form,
        "page": page,
        "cards": suggestion_cards(company=company, rows=page.object_list),
        "summary": summary,
        "short_list_note": short_list_note(summary),
        "status": browsing.suggestions_status(company=company),
        "narrowed": form.narrows(),
        "next_url": request.get_full_path(),
    }


@login_required
@require_GET
def suggestions_status(request: HttpRequest) -> JsonResponse:
    """Whether the member's suggestions are being computed (polled by suggestions.js)."""
    company = company_for_user(user=request.user)
    if company is None:
        return JsonResponse({"busy": False, "progress": None, "list": None})
    status = browsing.suggestions_status(company=company)
    return JsonResponse(
        {"busy": status.busy, "progress": status.progress, "list": status.list_run_id}
    )


@login_required
@require_POST
def suggestion_dismiss(request: HttpRequest, key: str) -> HttpResponse:
    form = DismissForm(request.POST)
    if _valid(request, form) and (parties := _parties(request, key)):
        company, partner = parties
        data = form.cleaned_data
        done = _attempt(
            request,
            feedback.suggestion_dismiss,
            user=request.user, company=company, partner=partner,
            reason=data["reason"], note=data["note"],
        )  # fmt: skip
        if done:
            # The message offers to undo at once (``includes/message_undo.html``).
            messages.success(
                request,
                _("%(partner)s is dismissed and will not be suggested again.")
                % {"partner": partner.name},
                extra_tags=UNDO_TAG + reverse("matching:dismissal_undo", args=[partner.key]),
            )
    return _back(request, form)


@kept_page("page-dismissed")
@login_required
@require_GET
def dismissed(request: HttpRequest) -> HttpResponse:
    """The companies the member's company dismissed, each with a button to take it back."""
    company = company_for_user(user=request.user)
    context: dict[str, Any] = {"company": company}
    if company is not None:
        rows = browsing.dismissals_of(company=company)
        context["page"] = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
        context["next_url"] = request.get_full_path()
    return render(request, "matching/dismissed.html", context)


@login_required
@require_POST
def dismissal_undo(request: HttpRequest, key: str) -> HttpResponse:
    """Take back a dismissal: the partner is among the suggestions again (if still there)."""
    form = SaveForm(request.POST)
    form.is_valid()  # only ``next``, checked again in ``_back``
    company = company_for_user(user=request.user)
    partner = Company.objects.filter(key=key).first()
    if company is None:
        messages.error(request, _("Create your company profile first."))
    elif partner is None:
        messages.error(request, _("This company is not among your dismissed companies."))
    elif _attempt(
        request, feedback.dismissal_undo, user=request.user, company=company, partner=partner
    ):
        if browsing.partner_is_suggested(company=company, partner=partner):
            text = _("%(partner)s is back among your suggestions.")
        else:
            text = _(
                "%(partner)s is no longer dismissed. It is not in your current suggestions; "
                "it may come back when they are computed again."
            )
        messages.success(request, text % {"partner": partner.name})
    return _back(request, form)


@login_required
@require_POST
def suggestion_save(request: HttpRequest, key: str) -> HttpResponse:
    form = SaveForm(request.POST)
    if _valid(request, form) and (parties := _parties(request, key)):
        company, partner = parties
        done = _attempt(
            request, feedback.suggestion_save, user=request.user, company=company, partner=partner
        )
        if done:
            messages.success(
                request, _("%(partner)s is saved for later.") % {"partner": partner.name}
            )
    return _back(request, form, anchor=key)


@login_required
@require_POST
def suggestion_unsave(request: HttpRequest, key: str) -> HttpResponse:
    form = SaveForm(request.POST)
    if _valid(request, form) and (parties := _parties(request, key)):
        company, partner = parties
        done = _attempt(
            request, feedback.suggestion_unsave, user=request.user, company=company, partner=partner
        )
        if done:
            messages.success(
                request, _("%(partner)s is no longer saved.") % {"partner": partner.name}
            )
    return _back(request, form, anchor=key)


@login_required
@require_POST
def suggestion_interest(request: HttpRequest, key: str) -> HttpResponse:
    """Express interest in a suggested (or saved) partner, through the co-creation service."""
    form = InterestForm(request.POST)
    if _valid(request, form) and (parties := _parties(request, key)):
        company, partner = parties
        sent = _attempt(
            request, feedback.suggestion_partner_validate, company=company, partner=partner
        ) and _attempt(
            request,
            interest_send,
            user=request.user, sender=company, recipient=partner,
            message=form.cleaned_data["message"],
        )  # fmt: skip
        match = sent and match_between(company, partner)
        if match:
            messages.success(
                request,
                _(
                    "It's a match: %(company)s is interested too. You can now see each "
                    "other's contact details."
                )
                % {"company": partner.name},
            )
            return redirect("partners:match_detail", match.pk)
        if sent:
            messages.success(
                request,
                _(
                    "Your interest has been sent to %(partner)s. If they are interested too, "
                    "you will both see each other's contact details."
                )
                % {"partner": partner.name},
            )
    return _back(request, form, anchor=key)


def _valid(request: HttpRequest, form) -> bool:
    """Validate ``form``; report its errors as messages (the page shows no action form)."""
    if form.is_valid():
        return True
    for errors in form.errors.values():
        for error in errors:
            messages.error(request, error)
    return False


def _parties(request: HttpRequest, key: str) -> tuple[Company, Company] | None:
    """The member's company and the partner named by ``key``, or None (with a message).

    An unknown key gets the same answer as a partner that is not suggested, so that
    this door does not tell which companies exist.
    """
    company = company_for_user(user=request.user)
    if company is None:
        messages.error(request, _("Create your company profile first."))
        return None
    partner = Company.objects.filter(key=key).first()
    if partner is None:
        messages.error(request, feedback.not_suggested_error().messages[0])
        return None
    return company, partner


def _attempt(request: HttpRequest, action, **kwargs) -> bool:
    """Run a service; report its refusal as error messages. True if it succeeded."""
    try:
        action(**kwargs)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return False
    return True


def _back(request: HttpRequest, form, anchor: str = "") -> HttpResponse:
    """Back to ``next`` if it is a page of this site, else to the suggestions page."""
    target = form.cleaned_data.get("next", "")
    safe = url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    if not target or not safe:
        target = reverse("matching:suggestions")
    if anchor and "#" not in target:
        target = f"{target}#suggestion-{anchor}"
    return redirect(target)
