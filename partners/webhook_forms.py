"""Forms of the webhook pages. They validate input; ``partners.services.webhooks`` decides."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Webhook


class WebhookForm(forms.Form):
    url = forms.URLField(
        label=_("URL"),
        max_length=500,
        assume_scheme="https",
        help_text=_("An https:// address on the public internet that accepts POST requests."),
    )
    events = forms.MultipleChoiceField(
        label=_("Events"),
        choices=Webhook.Event.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one event.")},
    )
    description = forms.CharField(
        label=_("Description (optional)"),
        required=False,
        max_length=200,
        help_text=_("For your colleagues: what receives these events."),
    )


class WebhookEditForm(WebhookForm):
    active = forms.BooleanField(
        label=_("Active"),
        required=False,
        help_text=_("A paused webhook receives nothing until it is active again."),
    )
