"""The form of the report page. It validates; ``partners.services.reports`` decides and writes."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Report
from .services.reports import MAX_DETAILS_LENGTH


class ReportForm(forms.Form):
    reason = forms.ChoiceField(
        label=_("What is wrong with this profile?"),
        choices=Report.Reason.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose a reason for the report.")},
    )
    details = forms.CharField(
        label=_("Details"),
        required=False,
        max_length=MAX_DETAILS_LENGTH,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_(
            "Optional: what should Kyoso staff look at? At most 2,000 characters. "
            "The company does not see your report."
        ),
    )
