"""Forms of the co-creation pages. They validate; ``partners.services.cocreation`` writes."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .form_fields import INVISIBLE_MESSAGE, VisibleCharField
from .models import Company, Match
from .reference import LANGUAGE_CHOICES, VALUE_CHAIN_CHOICES
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


#: The texts of a proposal, in the order of their second texts (``ProposalForm.SECOND_TEXT``).
TEXTS = ("shared_goal", "value_chain_change", "conditions")


class ProposalForm(forms.Form):
    """The terms of an alliance. The shared goal is chosen from either company's goals
    or written anew. The writer may add their texts again in the partner's language.

    Built with ``initial`` (an earlier version's terms, ``initial_from``), a value the
    member typed wins over a prefilled one: a duration typed beside the prefilled end
    date replaces it, and the other way round."""

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
    translation_language = forms.ChoiceField(
        label=_("Language of the second text"), required=False, choices=LANGUAGE_CHOICES
    )
    shared_goal_translation = forms.CharField(
        label=_("Shared goal, second text"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    value_chain_change_translation = forms.CharField(
        label=_("Change in the value chain, second text"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    conditions_translation = forms.CharField(
        label=_("Conditions, second text"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    SECOND_TEXT = ("shared_goal_translation", "value_chain_change_translation",
                   "conditions_translation")  # fmt: skip

    def __init__(self, *args, match: Match, company: Company, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [("", _("— write a new goal below —"))]
        for side in (match.company_a, match.company_b):
            group = [(goal, goal) for goal in side.goals]
            if group:
                choices.append((side.name, group))
        self.fields["goal_choice"].choices = choices
        self.writer, self.reader = company, match.other(company)
        self.fields["translation_language"].initial = self.reader.language

    def offers_second_text(self) -> bool:
        """Whether to show the second-text fields open: the partner writes another
        language, or a second text is already there."""
        if self.writer.language != self.reader.language:
            return True
        return any(self[name].value() for name in self.SECOND_TEXT)

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
            self._keep_the_typed_period(data)
        elif not data.get("ends_on") and not data.get("duration_months"):
            self.add_error("ends_on", _("Give an end date or a duration in months."))
        return data

    def _keep_the_typed_period(self, data: dict) -> None:
        """Both an end and a duration: the one the member typed wins over the one the
        form was prefilled with; two typed (or changed) ones clash."""
        changed = set(self.changed_data)
        if "duration_months" in changed and "ends_on" not in changed:
            data["ends_on"] = None
        elif "ends_on" in changed and "duration_months" not in changed:
            data["duration_months"] = None
        else:
            self.add_error("duration_months", _("Give an end date or a duration, not both."))

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
            "translation_language": data.get("translation_language", ""),
            **{name: data.get(name, "") for name in self.SECOND_TEXT},
        }

    @classmethod
    def initial_from(cls, proposal, *, writer: Company) -> dict:
        """A form filled with an earlier version's terms (to propose changes). Its
        period as it was given: the duration when it had one, else the end date, never
        both (the end of a duration is computed, not chosen). When the earlier version
        has second texts in the ``writer``'s language, they come first and its originals
        become the second texts: each side edits its own language first."""
        initial = {
            "goal_choice": "",
            "activities": proposal.activities,
            "starts_on": proposal.starts_on,
            "translation_language": proposal.translation_language,
        }
        turned = bool(proposal.translation_language) and (
            proposal.translation_language == writer.language
        )
        for original, second in zip(TEXTS, cls.SECOND_TEXT, strict=True):
            mine, theirs = getattr(proposal, original), getattr(proposal, second)
            if turned and theirs:
                mine, theirs = theirs, mine
            initial[original], initial[second] = mine, theirs
        if turned:
            initial["translation_language"] = proposal.match.other(writer).language
        if proposal.duration_months:
            initial["duration_months"] = proposal.duration_months
        else:
            initial["ends_on"] = proposal.ends_on
        if not initial["translation_language"]:
            del initial["translation_language"]  # the field's default: the partner's
        return initial


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
