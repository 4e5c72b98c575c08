"""Pages of co-creation: interests, matches, alliance proposals, alliances, notifications.

Thin: forms validate, ``partners.services.cocreation`` decides and writes,
selectors read. Everything needs a signed-in member of a company; objects of
other companies answer 404, as missing ones do. Writes are POST only and
redirect with a message.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from .cocreation_forms import (
    DeclineForm,
    InterestForm,
    NotificationSettingsForm,
    PrivacyForm,
    ProposalForm,
)
from .key_views import former_key_redirect
from .models import Alliance, AllianceProposal, Company, Interest, Match
from .proposal_changes import proposal_changes
from .selectors import (
    company_for_user,
    company_visible_to,
    interests_received,
    interests_sent,
    match_for_user,
    match_proposals,
    matches_of,
    notifications_of,
    user_is_member,
)
from .services import cocreation
from .services.notifications import (
    notification_link,
    notification_preferences,
    notification_preferences_set,
    notifications_mark_read,
    notifications_mark_read_for_match,
    user_language_remember,
)

PAGE_SIZE = 20


def _my_company_or_redirect(request: HttpRequest) -> Company | None:
    company = company_for_user(user=request.user)
    if company is None:
        messages.info(request, _("Create your company's profile first."))
    return company


def _refused(request: HttpRequest, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


def _form_refused(request: HttpRequest, form) -> None:
    """A form's errors as messages, each named by its field: for a page that does not
    show the form (its errors could not stand beside the fields)."""
    for field, errors in form.errors.items():
        label = form.fields[field].label if field in form.fields else ""
        for error in errors:
            messages.error(request, f"{label}: {error}" if label else error)


def _remember_language(request: HttpRequest) -> None:
    """The language of the page the user acts on becomes the language of their e-mail."""
    user_language_remember(user=request.user, language=getattr(request, "LANGUAGE_CODE", None))


def _next_or(request: HttpRequest, fallback: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return fallback


# --- Interests ------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "HEAD"])
def interests(request: HttpRequest) -> HttpResponse:
    company = _my_company_or_redirect(request)
    if company is None:
        return redirect("partners:company_create")
    box = "sent" if request.GET.get("box") == "sent" else "received"
    rows = (interests_sent if box == "sent" else interests_received)(company=company)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    reasons = {}
    if box == "received":
        from matching.pairs import pair_explanation

        reasons = {row.pk: pair_explanation(company=company, partner=row.sender) for row in page}
    context = {
        "company": company,
        "box": box,
        "page": page,
        "reasons": reasons,
        "decline_form": DeclineForm(),
    }
    return render(request, "partners/interests.html", context)


@login_required
@former_key_redirect
@require_http_methods(["GET", "HEAD", "POST"])
def interest_send(request: HttpRequest, key: str) -> HttpResponse:
    company = _my_company_or_redirect(request)
    if company is None:
        return redirect("partners:company_create")
    recipient = get_object_or_404(Company, key=key)
    if not company_visible_to(user=request.user, company=recipient) or recipient == company:
        raise Http404("No company found.")
    form = InterestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        _remember_language(request)
        try:
            interest = cocreation.interest_send(
                user=request.user,
                sender=company,
                recipient=recipient,
                message=form.cleaned_data["message"],
            )
        except ValidationError as error:
            _refused(request, error)
        else:
            if interest.status == Interest.Status.MUTUAL:
                messages.success(
                    request,
                    _("It's a match: %(company)s is interested too. You can now see each "
                      "other's contact details.") % {"company": recipient.name},
                )  # fmt: skip
                match = cocreation.match_between(company, recipient)
                return redirect("partners:match_detail", match.pk)
            messages.success(
                request,
                _("Your interest has been sent to %(company)s.") % {"company": recipient.name},
            )
            return redirect(_next_or(request, reverse("partners:interests") + "?box=sent"))
    context = {"company": company, "recipient": recipient, "form": form}
    return render(request, "partners/interest_form.html", context)


@login_required
@require_POST
def interest_decline(request: HttpRequest, pk: int) -> HttpResponse:
    interest = get_object_or_404(Interest.objects.select_related("sender", "recipient"), pk=pk)
    if not user_is_member(user=request.user, company=interest.recipient):
        raise Http404("No interest found.")
    _remember_language(request)
    form = DeclineForm(request.POST)
    if form.is_valid():
        try:
            cocreation.interest_decline(
                user=request.user, interest=interest, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            _refused(request, error)
        else:
            messages.success(request, _("You declined the interest of %(company)s.")
                             % {"company": interest.sender.name})  # fmt: skip
    else:
        _refused(request, ValidationError(list(form.errors.get("reason", []))))
    return redirect(reverse("partners:interests") + "?box=received")


@login_required
@require_POST
def interest_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    """The sender takes back a pending interest (``cocreation.interest_withdraw``)."""
    interest = get_object_or_404(Interest.objects.select_related("sender", "recipient"), pk=pk)
    if not user_is_member(user=request.user, company=interest.sender):
        # The recipient's members too: this door does not tell which interests exist.
        raise Http404("No interest found.")
    try:
        cocreation.interest_withdraw(user=request.user, interest=interest)
    except ValidationError as error:
        _refused(request, error)
    else:
        messages.success(
            request,
            _("You withdrew your interest in %(company)s. They no longer see it.")
            % {"company": interest.recipient.name},
        )
    return redirect(_next_or(request, reverse("partners:interests") + "?box=sent"))


# --- Matches and proposals -----------------------------------------------------------------


@login_required
@require_http_methods(["GET", "HEAD"])
def matches(request: HttpRequest) -> HttpResponse:
    company = _my_company_or_redirect(request)
    if company is None:
        return redirect("partners:company_create")
    page = Paginator(matches_of(company=company), PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [(match, match.other(company)) for match in page]
    return render(
        request, "partners/matches.html", {"company": company, "page": page, "rows": rows}
    )


def _match_or_404(request: HttpRequest, pk: int):
    found = match_for_user(user=request.user, match_id=pk)
    if found is None:
        raise Http404("No match found.")
    return found


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def match_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The match page; its POST is a new proposal (a refused one comes back with every
    value kept and the errors beside the fields)."""
    match, company = _match_or_404(request, pk)
    if request.method == "GET":
        notifications_mark_read_for_match(user=request.user, match=match)
    form = ProposalForm(request.POST or None, match=match, company=company, prefix="propose")
    if request.method == "POST" and form.is_valid():
        _remember_language(request)
        try:
            cocreation.proposal_create(
                user=request.user, match=match, company=company, data=form.terms()
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("Your proposal has been sent to %(company)s.")
                             % {"company": match.other(company).name})  # fmt: skip
            return redirect("partners:match_detail", match.pk)
    return _match_page(request, match, company, form=form)


def _match_page(
    request: HttpRequest,
    match: Match,
    company: Company,
    *,
    form: ProposalForm | None = None,
    counter_form: ProposalForm | None = None,
) -> HttpResponse:
    """Render the match page. A bound ``form``/``counter_form`` (refused) is shown as
    it was sent, its panel open; otherwise fresh forms, the counter one filled with the
    open version's terms."""
    proposals = list(match_proposals(match=match))
    open_proposal = next((p for p in proposals if p.status == "open"), None)
    if form is None:
        form = ProposalForm(match=match, company=company, prefix="propose")
    answering = open_proposal is not None and open_proposal.proposed_by_id != company.pk
    if counter_form is None and answering:
        counter_form = _counter_form(match, company, open_proposal)
    # A refused form the page does not show (the proposal form while a version is
    # open, the counter form to a member of the proposing side): its errors as messages.
    if form.is_bound and open_proposal is not None:
        _form_refused(request, form)
    if counter_form is not None and counter_form.is_bound and not answering:
        _form_refused(request, counter_form)
    changes = _changes_by_version(proposals)
    context = {
        "match": match,
        "company": company,
        "other": match.other(company),
        "sides": [company, match.other(company)],
        "history": [(proposal, changes.get(proposal.pk)) for proposal in proposals],
        "open_proposal": open_proposal,
        "open_changes": changes.get(open_proposal.pk) if open_proposal else None,
        "form": form,
        "counter_form": counter_form if answering else None,
        "decline_form": DeclineForm(),
        "alliances": Alliance.objects.filter(match=match)
        .select_related("proposal")
        .order_by("-created_at"),
    }
    return render(request, "partners/match_detail.html", context)


def _counter_form(match, company: Company, proposal: AllianceProposal, data=None) -> ProposalForm:
    """The counter-proposal form, prefilled with ``proposal``'s terms (bound to ``data``
    when sent: the prefill tells which period the member typed)."""
    return ProposalForm(
        data,
        match=match,
        company=company,
        prefix="counter",
        initial=ProposalForm.initial_from(proposal, writer=company),
    )


def _changes_by_version(proposals: list[AllianceProposal]) -> dict[int, dict]:
    """For each version after the first: what changed from the version before it."""
    ordered = sorted(proposals, key=lambda proposal: proposal.version)
    return {
        later.pk: {"since": earlier.version, "rows": proposal_changes(earlier, later)}
        for earlier, later in zip(ordered, ordered[1:], strict=False)
    }


def _add_errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


def _proposal_or_404(request: HttpRequest, pk: int) -> tuple[AllianceProposal, Company]:
    proposal = get_object_or_404(
        AllianceProposal.objects.select_related("match", "proposed_by"), pk=pk
    )
    match, company = _match_or_404(request, proposal.match_id)
    return proposal, company


@login_required
@require_POST
def proposal_answer(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    """Accept, decline or withdraw a proposal."""
    proposal, company = _proposal_or_404(request, pk)
    _remember_language(request)
    try:
        if action == "accept":
            cocreation.proposal_accept(user=request.user, proposal=proposal)
            messages.success(request, _("The alliance is agreed. It now shows on both pages."))
        elif action == "decline":
            form = DeclineForm(request.POST)
            note = form.cleaned_data["reason"] if form.is_valid() else ""
            cocreation.proposal_decline(user=request.user, proposal=proposal, note=note)
            messages.success(request, _("You declined the proposal."))
        elif action == "withdraw":
            cocreation.proposal_withdraw(user=request.user, proposal=proposal)
            messages.success(request, _("You withdrew your proposal."))
        else:
            raise Http404("No such action.")
    except ValidationError as error:
        _refused(request, error)
    return redirect("partners:match_detail", proposal.match_id)


@login_required
@require_POST
def proposal_counter(request: HttpRequest, pk: int) -> HttpResponse:
    """Changed terms: a new version. Refused ones come back on the match page with the
    counter panel open, every value kept and the errors beside the fields."""
    proposal, company = _proposal_or_404(request, pk)
    match = proposal.match
    _remember_language(request)
    form = _counter_form(match, company, proposal, data=request.POST)
    if form.is_valid():
        try:
            cocreation.proposal_counter(user=request.user, proposal=proposal, data=form.terms())
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("Your changes have been sent as a new version."))
            return redirect("partners:match_detail", match.pk)
    proposal.refresh_from_db(fields=["status"])
    if proposal.status == AllianceProposal.Status.OPEN:
        return _match_page(request, match, company, counter_form=form)
    # Answered meanwhile (withdrawn, or answered by a colleague): no panel to reopen. Say
    # so, and offer the values in the proposal form when the page shows one.
    if not form.non_field_errors():
        messages.error(request, _("This proposal is no longer open (%(status)s).")
                       % {"status": proposal.get_status_display()})  # fmt: skip
    _form_refused(request, form)
    typed = {name: form[name].value() for name in form.fields}
    fresh = ProposalForm(match=match, company=company, prefix="propose", initial=typed)
    return _match_page(request, match, company, form=fresh)


@login_required
@require_POST
def alliance_privacy(request: HttpRequest, pk: int) -> HttpResponse:
    alliance = get_object_or_404(Alliance, pk=pk)
    form = PrivacyForm(request.POST)
    if not form.is_valid():
        raise Http404("No alliance found.")
    company = form.cleaned_data["company"]
    if not user_is_member(user=request.user, company=company):
        raise Http404("No alliance found.")
    try:
        cocreation.alliance_privacy_set(
            user=request.user,
            alliance=alliance,
            company=company,
            private=form.cleaned_data["private"],
        )
    except ValidationError as error:
        _refused(request, error)
    else:
        if form.cleaned_data["private"]:
            messages.success(request, _("The alliance no longer shows on your public page."))
        else:
            messages.success(request, _("The alliance now shows on your public page."))
    return redirect(_next_or(request, reverse("partners:company_detail", args=[company.key])))


# --- Notifications --------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def notifications(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        ids = request.POST.getlist("ids") or None
        ids = [int(i) for i in ids if str(i).isdigit()] if ids else None
        notifications_mark_read(user=request.user, ids=ids)
        return redirect("partners:notifications")
    page = Paginator(notifications_of(user=request.user), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    rows = [(row, notification_link(row)) for row in page]
    return render(request, "partners/notifications.html", {"page": page, "rows": rows})


@login_required
@require_POST
def notification_open(request: HttpRequest, pk: int) -> HttpResponse:
    row = get_object_or_404(notifications_of(user=request.user), pk=pk)
    notifications_mark_read(user=request.user, ids=[row.pk])
    return redirect(notification_link(row))


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def notification_settings(request: HttpRequest) -> HttpResponse:
    current = notification_preferences(user=request.user)
    initial = {
        "email_kinds": [kind for kind, on in current.items() if on],
        "language": request.user.language or settings.LANGUAGE_CODE,
    }
    form = NotificationSettingsForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        notification_preferences_set(
            user=request.user,
            email_kinds=form.cleaned_data["email_kinds"],
            language=form.cleaned_data["language"],
        )
        messages.success(request, _("Your notification settings have been saved."))
        return redirect("partners:notification_settings")
    return render(request, "partners/notification_settings.html", {"form": form})
