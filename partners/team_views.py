"""The team page of a company and the page of an invitation link.

Thin: forms validate, ``partners.services.teams`` decides (who may do what, the last
owner) and writes. The team page is its members' only: anyone else gets 404, as for
a missing company. Plain members see the team; the owners' buttons are refused by the
service for anyone else. Writes are POST only and redirect with a message.

The invitation page is open to whoever holds the link: signed out, it offers to sign
in or sign up and come back (``next``); an account with another address, an expired,
revoked or used link each get a page that says so. Holding the link proves access to
the invited address, so signing up with it needs no second confirmation e-mail.
"""

from __future__ import annotations

from allauth.account.adapter import get_adapter
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from .models import Company, Invitation, Membership
from .selectors import (
    company_of_member,
    invitation_by_token,
    membership_of,
    team_invitations_open,
    team_members,
)
from .services import teams as service
from .team_forms import InvitationForm, RoleForm


def _company_of_member_or_404(request: HttpRequest, key: str) -> Company:
    company = company_of_member(user=request.user, key=key)
    if company is None:
        raise Http404("No company found.")
    return company


def _refusal_show(request: HttpRequest, error: ValidationError | PermissionDenied) -> None:
    for message in getattr(error, "messages", None) or [str(error)]:
        messages.error(request, message)


def _team_redirect(company: Company) -> HttpResponse:
    return redirect("partners:team", key=company.key)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def team(request: HttpRequest, key: str) -> HttpResponse:
    company = _company_of_member_or_404(request, key)
    mine = membership_of(user=request.user, company=company)
    form = InvitationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            invitation = service.invitation_create(
                user=request.user, company=company, language=get_language(), **form.cleaned_data
            )
        except PermissionDenied as error:
            _refusal_show(request, error)
            return _team_redirect(company)
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            messages.success(
                request, _("An invitation was sent to %(email)s.") % {"email": invitation.email}
            )
            return _team_redirect(company)
    invitations = list(team_invitations_open(company=company))
    for invitation in invitations:
        invitation.state = service.invitation_state(invitation)
    context = {
        "company": company,
        "mine": mine,
        "is_owner": mine is not None and mine.role == Membership.Role.OWNER,
        "members": team_members(company=company),
        "invitations": invitations,
        "form": form,
        "roles": Membership.Role.choices,
    }
    return render(request, "partners/team.html", context)


def _team_write(request: HttpRequest, key: str, write, done: str) -> HttpResponse:
    company = _company_of_member_or_404(request, key)
    try:
        write(company)
    except (ValidationError, PermissionDenied) as error:
        _refusal_show(request, error)
    else:
        messages.success(request, done)
    return _team_redirect(company)


@login_required
@require_POST
def team_invitation_resend(request: HttpRequest, key: str, pk: int) -> HttpResponse:
    def write(company):
        invitation = get_object_or_404(Invitation, pk=pk, company=company)
        service.invitation_resend(user=request.user, invitation=invitation, language=get_language())

    return _team_write(request, key, write, _("The invitation was sent again, with a new link."))


@login_required
@require_POST
def team_invitation_revoke(request: HttpRequest, key: str, pk: int) -> HttpResponse:
    def write(company):
        invitation = get_object_or_404(Invitation, pk=pk, company=company)
        service.invitation_revoke(user=request.user, invitation=invitation)

    return _team_write(
        request, key, write, _("The invitation was revoked; its link no longer works.")
    )


@login_required
@require_POST
def team_member_role(request: HttpRequest, key: str, pk: int) -> HttpResponse:
    def write(company):
        membership = get_object_or_404(Membership, pk=pk, company=company)
        form = RoleForm(request.POST)
        if not form.is_valid():
            raise ValidationError(_("Choose a role: owner or member."))
        service.member_role_change(
            user=request.user, membership=membership, role=form.cleaned_data["role"]
        )

    return _team_write(request, key, write, _("The role was changed."))


@login_required
@require_POST
def team_member_remove(request: HttpRequest, key: str, pk: int) -> HttpResponse:
    def write(company):
        membership = get_object_or_404(Membership, pk=pk, company=company)
        service.member_remove(user=request.user, membership=membership)

    return _team_write(request, key, write, _("The member was removed from the team."))


@login_required
@require_POST
def team_leave(request: HttpRequest, key: str) -> HttpResponse:
    company = _company_of_member_or_404(request, key)
    try:
        service.membership_leave(user=request.user, company=company)
    except ValidationError as error:
        _refusal_show(request, error)
        return _team_redirect(company)
    messages.success(request, _("You have left %(company)s.") % {"company": company.name})
    return redirect("partners:home")


# --- The invitation link -------------------------------------------------------------------


def _invitation_page(request: HttpRequest, invitation: Invitation | None) -> HttpResponse:
    if invitation is None:
        return render(request, "partners/invitation.html", {"state": "unknown"}, status=404)
    state = service.invitation_state(invitation)
    user = request.user
    here = request.get_full_path()
    context = {"invitation": invitation, "company": invitation.company, "state": state}
    if state == service.InvitationState.ACCEPTED and user.is_authenticated:
        context["member"] = membership_of(user=user, company=invitation.company) is not None
    if state != service.InvitationState.OPEN:
        return render(request, "partners/invitation.html", context)
    if not user.is_authenticated:
        # Holding the link proves access to the address: signing up with it needs no
        # confirmation e-mail (allauth reads this at sign-up).
        get_adapter(request).stash_verified_email(request, invitation.email)
        query = urlencode({"next": here})
        context["state"] = "signed_out"
        context["login_url"] = f"{reverse('account_login')}?{query}"
        context["signup_url"] = f"{reverse('account_signup')}?{query}"
    elif not service.invitation_for_user(invitation, user):
        context["state"] = "wrong_account"
    return render(request, "partners/invitation.html", context)


@require_http_methods(["GET", "HEAD", "POST"])
def invitation(request: HttpRequest, token: str) -> HttpResponse:
    if request.method == "POST":
        return _invitation_accept(request, token)
    return _invitation_page(request, invitation_by_token(token=token))


@login_required
def _invitation_accept(request: HttpRequest, token: str) -> HttpResponse:
    try:
        membership = service.invitation_accept(user=request.user, token=token)
    except ValidationError as error:
        _refusal_show(request, error)
        return redirect("partners:invitation", token=token)
    messages.success(
        request,
        _("Welcome to the team of %(company)s.") % {"company": membership.company.name},
    )
    return redirect("partners:company_detail", key=membership.company.key)
