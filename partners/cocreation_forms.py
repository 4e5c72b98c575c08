"""Forms of the co-creation pages. They validate; ``partners.services.cocreation`` writes."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .form_fields import INVISIBLE_MESSAGE, VisibleCharField
from .models import Company, Match
from .reference import VALUE_CHAIN_CHOICES
from .services.cocreation import MAX_MESSAGE_LENGTH, MAX_PERIOD_MONTHS
from .services.notifications import EMAIL_KINDS
from .text import is_blank


class InterestForm(forms.Form):
    message = VisibleCharField(
        label=_("Message"),
        required=False,
        max_length=MAX_MESSAGE_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "Optional: say why you would like to work together (at most 1,000 characters)."
        ),
    )


class DeclineForm(forms.Form):
    reason = VisibleCharField(
        label=_("Reason (optional)"),
        required=False,
        max_length=MAX_MESSAGE_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("The other company will see it."),
    )


class ProposalForm(forms.Form):
    """The terms of an alliance. The shared goal is chosen from either company's goals
    or written anew."""

    goal_choice = forms.ChoiceField(label=_("Shared goal"), required=False)
    shared_goal = VisibleCharField(
        label=_("Or write the shared goal"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    value_chain_change = VisibleCharField(
        label=_("Change in the value chain"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What will work differently once you work together?"),
    )
    activities = forms.MultipleChoiceField(
        label=_("Value-chain activities concerned"),
        required=False,
        choices=VALUE_CHAIN_CHOICES,
        widget=forms.CheckboxSelectMultiple,
    )
    starts_on = forms.DateField(
        label=_("Start"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    ends_on = forms.DateField(
        label=_("End"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("Give an end date or a duration."),
    )
    duration_months = forms.IntegerField(
        label=_("Duration in months"), required=False, min_value=1, max_value=MAX_PERIOD_MONTHS
    )
    conditions = VisibleCharField(
        label=_("Conditions"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Who contributes what, how costs and results are shared, confidentiality…"),
    )

    def __init__(self, *args, match: Match, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [("", _("— write a new goal below —"))]
        for company in (match.company_a, match.company_b):
            group = [(goal, goal) for goal in company.goals]
            if group:
                choices.append((company.name, group))
        self.fields["goal_choice"].choices = choices

    def clean(self):
        data = super().clean()
        goal = data.get("shared_goal") or data.get("goal_choice") or ""
        if not goal:
            typed = self.data.get(self.add_prefix("shared_goal")) or ""
            if typed and is_blank(typed):  # only spaces or invisible characters
                label = self.fields["goal_choice"].label  # "Shared goal"
                self.add_error("shared_goal", INVISIBLE_MESSAGE % {"field": label})
            else:
                self.add_error("shared_goal", _("Choose a goal or write one."))
        data["shared_goal"] = goal
        if data.get("ends_on") and data.get("duration_months"):
            self.add_error("duration_months", _("Give an end date or a duration, not both."))
        elif not data.get("ends_on") and not data.get("duration_months"):
            self.add_error("ends_on", _("Give an end date or a duration in months."))
        return data

    def terms(self) -> dict:
        data = self.cleaned_data
        return {
            "shared_goal": data["shared_goal"],
            "value_chain_change": data.get("value_chain_change", ""),
            "activities": data.get("activities", []),
            "starts_on": data.get("starts_on"),
            "ends_on": data.get("ends_on"),
            "duration_months": data.get("duration_months"),
            "conditions": data.get("conditions", ""),
        }

    @classmethod
    def initial_from(cls, proposal) -> dict:
        """A form filled with an earlier version's terms (to propose changes)."""
        return {
            "shared_goal": proposal.shared_goal,
            "value_chain_change": proposal.value_chain_change,
            "activities": proposal.activities,
            "starts_on": proposal.starts_on,
            "ends_on": proposal.ends_on,
            "conditions": proposal.conditions,
        }


class NotificationSettingsForm(forms.Form):
    email_kinds = forms.MultipleChoiceField(
        label=_("Send me e-mail when"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    language = forms.ChoiceField(label=_("Language of the e-mail"))

    def __init__(self, *args, **kwargs):
        from django.conf import settings

        from .models import Notification

        super().__init__(*args, **kwargs)
        labels = dict(Notification.Kind.choices)
        self.fields["email_kinds"].choices = [(kind, labels[kind]) for kind in EMAIL_KINDS]
        self.fields["language"].choices = settings.LANGUAGES


class PrivacyForm(forms.Form):
    private = forms.BooleanField(required=False)
    company = forms.ModelChoiceField(queryset=Company.objects.all(), widget=forms.HiddenInput)
