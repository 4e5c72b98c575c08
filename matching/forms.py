"""Forms of the suggestions page: its filters and the actions on one suggestion.

Forms only validate; ``matching.services.feedback`` and the co-creation services write.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from matching.models import Dismissal
from partners.forms import industry_filter_field, region_filter_field
from partners.models import Interest
from partners.reference import VALUE_CHAIN_CHOICES

SORT_CHOICES = [
    ("best", _("Best match first")),
    ("newest", _("Newest partners first")),
    ("name", _("Name")),
]


class SuggestionFilterForm(forms.Form):
    """The page's filters, all optional; an invalid one is reported and ignored."""

    industry = industry_filter_field()
    region = region_filter_field()
    activity = forms.ChoiceField(
        label=_("Strong in"),
        required=False,
        choices=[("", _("Any value-chain activity"))] + VALUE_CHAIN_CHOICES,
    )
    sort = forms.ChoiceField(label=_("Order"), required=False, choices=SORT_CHOICES)
    same_industry = forms.BooleanField(
        label=_("Include partners from my own industry"),
        required=False,
        help_text=_("Kyoso looks for partners across industries first."),
    )
    saved = forms.BooleanField(label=_("Saved only"), required=False)

    def filters(self) -> dict[str, Any]:
        """Keyword arguments for ``suggestions_browse`` from the valid filters."""
        if not self.is_bound:
            return {}
        self.is_valid()
        data = self.cleaned_data
        names = {
            "industry": "industry",
            "region": "region",
            "activity": "activity",
            "same_industry": "include_same_industry",
            "saved": "saved_only",
            "sort": "sort",
        }
        return {arg: data[field] for field, arg in names.items() if data.get(field)}

    def narrows(self) -> bool:
        """Whether a filter (not the order, not widening to the own industry) is applied."""
        filters = self.filters()
        return any(name in filters for name in ("industry", "region", "activity", "saved_only"))


class NextField(forms.CharField):
    """Where to return after an action (checked against the host in the view)."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(required=False, max_length=2000, widget=forms.HiddenInput, **kwargs)


class DismissForm(forms.Form):
    reason = forms.ChoiceField(
        label=_("Why not? (optional)"),
        required=False,
        choices=[("", _("Rather not say"))] + list(Dismissal.Reason.choices),
    )
    note = forms.CharField(
        label=_("Note for your team (optional)"),
        required=False,
        max_length=Dismissal._meta.get_field("note").max_length,
        widget=forms.TextInput,
    )
    next = NextField()


class SaveForm(forms.Form):
    next = NextField()


class InterestForm(forms.Form):
    message = forms.CharField(
        label=_("A short message (optional)"),
        required=False,
        max_length=Interest._meta.get_field("message").max_length,
        help_text=_("Say what you would like to create together."),
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    next = NextField()
