"""The account page where a member makes, lists and revokes personal API tokens.

Thin: the form validates, ``partners.services.tokens`` decides and writes. A new
token's plain text is kept in the session for exactly one page view, so that it is
shown once and never again. Tokens of other users answer 404, as missing ones do.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from .selectors import api_tokens_of
from .services.tokens import MAX_ACTIVE_TOKENS, api_token_create, api_token_revoke
from .token_forms import ApiTokenForm

_NEW_TOKEN_KEY = "api_token_new"


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def api_tokens(request: HttpRequest) -> HttpResponse:
    form = ApiTokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            token, text = api_token_create(user=request.user, name=form.cleaned_data["name"])
        except ValidationError as error:
            _refused(form, error)
        else:
            request.session[_NEW_TOKEN_KEY] = {"id": token.pk, "text": text}
            messages.success(request, _("The token “%(name)s” was made.") % {"name": token.name})
            return redirect("partners:api_tokens")
    tokens = api_tokens_of(user=request.user)
    context = {
        "form": form,
        "tokens": tokens,
        "new_token": _new_token_pop(request),
        "max_tokens": MAX_ACTIVE_TOKENS,
    }
    return render(request, "account/api_tokens.html", context)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def api_token_revoke_view(request: HttpRequest, pk: int) -> HttpResponse:
    token = get_object_or_404(api_tokens_of(user=request.user), pk=pk)
    if request.method == "POST":
        if api_token_revoke(user=request.user, token=token):
            messages.success(request, _("The token “%(name)s” was revoked.") % {"name": token.name})
        return redirect("partners:api_tokens")
    return render(request, "account/api_token_revoke.html", {"token": token})


def _new_token_pop(request: HttpRequest) -> dict | None:
    if request.method != "GET":
        return None
    return request.session.pop(_NEW_TOKEN_KEY, None)


def _refused(form: ApiTokenForm, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            for message in errors:
                form.add_error(field if field in form.fields else None, message)
    else:
        for message in error.messages:
            form.add_error(None, message)
