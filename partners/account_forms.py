"""Forms of the member's account: sign-up with consent, and account deletion."""

from __future__ import annotations

from typing import Any

from allauth.account.forms import SignupForm as AllauthSignupForm
from django import forms
from django.db import transaction
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .services.accounts import consent_record


def consent_label() -> str:
    """ "I agree to the Terms of use and the Privacy policy", with links to both pages."""
    return format_html(
        gettext("I agree to the {terms} and the {privacy}."),
        terms=format_html(
            '<a href="{}" target="_blank" rel="noopener">{}</a>',
            reverse("partners:terms"),
            gettext("Terms of use"),
        ),
        privacy=format_html(
            '<a href="{}" target="_blank" rel="noopener">{}</a>',
            reverse("partners:privacy"),
            gettext("Privacy policy"),
        ),
    )


class SignupForm(AllauthSignupForm):
    """allauth's sign-up form with the consent to the terms and the privacy policy,
    recorded (which version, when) with the new account."""

    consent = forms.BooleanField(
        required=True,
        error_messages={
            "required": _(
                "To sign up, agree to the Terms of use and the Privacy policy (tick the box)."
            )
        },
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["consent"].label = consent_label()
        self.fields.move_to_end("consent")  # after the password, just above the button

    def save(self, request):
        with transaction.atomic():
            user = super().save(request)
            if user is not None:
                consent_record(user=user)
        return user


class AccountDeleteForm(forms.Form):
    confirmation = forms.CharField(
        label=_("Your e-mail address or password"),
        max_length=254,
        help_text=_("Type it to confirm that you want to delete your account."),
        widget=forms.PasswordInput(attrs={"autocomplete": "off"}),
        error_messages={"required": _("Type your e-mail address or your password to confirm.")},
    )
    delete_companies = forms.BooleanField(
        label=_("Delete the companies listed above with my account"),
        required=False,
    )


class CompanyDeleteForm(forms.Form):
    confirmation = forms.CharField(
        label=_("The company's name"),
        max_length=200,
        help_text=_("Type it to confirm that you want to delete the company."),
        error_messages={"required": _("Type the company's name to confirm.")},
    )
