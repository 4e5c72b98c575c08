"""The form of the API token page. It validates; ``partners.services.tokens`` decides."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .services.tokens import MAX_NAME_LENGTH


class ApiTokenForm(forms.Form):
    name = forms.CharField(
        label=_("Name"),
        max_length=MAX_NAME_LENGTH,
        help_text=_("What the token is for, e.g. “CRM sync”, so that you can tell it apart."),
        error_messages={
            "required": _("Give the token a name."),
            "max_length": _("The name may have at most %(limit_value)d characters."),
        },
    )
