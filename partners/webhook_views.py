"""Pages where members manage their company's webhooks and read the delivery log.

Thin: forms validate, ``partners.services.webhooks`` decides and writes. Only
members of the company see its webhooks; those of other companies answer 404,
as missing ones do. Writes are POST only and redirect with a message. A new
signing secret is kept in the session for exactly one page view, so that it is
shown once and never again.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from .models import Webhook, WebhookDelivery
from .selectors import company_for_user, webhook_deliveries, webhook_for_user, webhooks_of
from .services import webhooks as service
from .webhook_forms import WebhookEditForm, WebhookForm

PAGE_SIZE = 25
_SECRET_KEY = "webhook_secret"


def _secret_keep(request: HttpRequest, webhook: Webhook, secret: str) -> None:
    request.session[_SECRET_KEY] = {"webhook": webhook.pk, "secret": secret}


def _secret_pop(request: HttpRequest, webhook: Webhook) -> str | None:
    kept = request.session.get(_SECRET_KEY)
    if not kept or kept.get("webhook") != webhook.pk:
        return None
    del request.session[_SECRET_KEY]
    return kept["secret"]


def _webhook_or_404(request: HttpRequest, pk: int) -> Webhook:
    webhook = webhook_for_user(user=request.user, webhook_id=pk)
    if webhook is None:
        raise Http404("No webhook found.")
    return webhook


def _refused(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        form.add_error(None, error)
    else:
        for message in error.messages:
            form.add_error(None, message)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def webhooks(request: HttpRequest) -> HttpResponse:
    company = company_for_user(user=request.user)
    if company is None:
        messages.info(request, _("Create your company's profile first."))
        return redirect("partners:company_create")
    form = WebhookForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            webhook, secret = service.webhook_create(
                user=request.user, company=company, **form.cleaned_data
            )
        except ValidationError as error:
            _refused(form, error)
        else:
            _secret_keep(request, webhook, secret)
            messages.success(request, _("The webhook was added."))
            return redirect("partners:webhook_detail", webhook.pk)
    context = {"company": company, "webhooks": webhooks_of(company=company), "form": form}
    return render(request, "partners/webhooks.html", context)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def webhook_detail(request: HttpRequest, pk: int) -> HttpResponse:
    webhook = _webhook_or_404(request, pk)
    initial = {name: getattr(webhook, name) for name in ("url", "events", "description", "active")}
    form = WebhookEditForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            service.webhook_update(user=request.user, webhook=webhook, **form.cleaned_data)
        except ValidationError as error:
            _refused(form, error)
        else:
            messages.success(request, _("The webhook was saved."))
            return redirect("partners:webhook_detail", webhook.pk)
    page = Paginator(webhook_deliveries(webhook=webhook), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    context = {
        "company": webhook.company,
        "webhook": webhook,
        "form": form,
        "page": page,
        "secret": _secret_pop(request, webhook),
    }
    return render(request, "partners/webhook_detail.html", context)


@login_required
@require_POST
def webhook_delete(request: HttpRequest, pk: int) -> HttpResponse:
    webhook = _webhook_or_404(request, pk)
    service.webhook_delete(user=request.user, webhook=webhook)
    messages.success(request, _("The webhook was deleted."))
    return redirect("partners:webhooks")


@login_required
@require_POST
def webhook_secret_rotate(request: HttpRequest, pk: int) -> HttpResponse:
    webhook = _webhook_or_404(request, pk)
    secret = service.webhook_secret_rotate(user=request.user, webhook=webhook)
    _secret_keep(request, webhook, secret)
    messages.success(request, _("A new signing secret was made; the old one no longer works."))
    return redirect("partners:webhook_detail", webhook.pk)


@login_required
@require_POST
def webhook_redeliver(request: HttpRequest, pk: int, delivery_pk: int) -> HttpResponse:
    webhook = _webhook_or_404(request, pk)
    delivery = get_object_or_404(WebhookDelivery, pk=delivery_pk, webhook=webhook)
    try:
        service.webhook_redeliver(user=request.user, delivery=delivery)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("The delivery will be sent again."))
    return redirect("partners:webhook_detail", webhook.pk)
