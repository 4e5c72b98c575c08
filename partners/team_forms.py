"""Forms of the team pages. They validate input; ``partners.services.teams`` decides."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Membership


class InvitationForm(forms.Form):
    email = forms.EmailField(
        label=_("Colleague's e-mail address"),
        max_length=254,
        help_text=_("Kyoso sends an invitation link to this address; it works for 14 days."),
    )
    role = forms.ChoiceField(
        label=_("Role"),
        choices=Membership.Role.choices,
        initial=Membership.Role.MEMBER,
        help_text=_("Owners can also invite, remove people and change roles."),
    )


class RoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=Membership.Role.choices)
