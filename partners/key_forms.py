"""The form of the page address page. It validates; ``partners.services.companies`` writes."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Company
from .services.companies import company_key_check


class CompanyKeyForm(forms.Form):
    key = forms.CharField(
        label=_("Address of the company page"),
        max_length=64,
        help_text=_(
            "2 to 64 lowercase letters, digits and hyphens, e.g. yamato-seimitsu. "
            "Links to the old address keep leading to your page."
        ),
        error_messages={"required": _("Enter the new address of your company page.")},
        widget=forms.TextInput(attrs={"autocapitalize": "none", "spellcheck": "false"}),
    )

    def __init__(self, *args, company: Company, **kwargs) -> None:
        self.company = company
        kwargs.setdefault("initial", {"key": company.key})
        super().__init__(*args, **kwargs)

    def clean_key(self) -> str:
        return company_key_check(key=self.cleaned_data["key"], company=self.company)
