"""The one thing a company hidden by Kyoso staff is told, wherever it is told.

Its profile page, its edit form, its suggestions page and the refusal to change its
visibility (form and API) all say this same text, so the owner never reads two
different instructions.
"""

from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

HIDDEN_BY_STAFF_TITLE = _("Kyoso staff have hidden this profile.")
HIDDEN_BY_STAFF_TEXT = _(
    "It does not appear in the directory or in suggestions, and other companies cannot "
    "open it. Only Kyoso staff can make it visible again: correct what they asked for, "
    "then ask them to review the profile from its page."
)
HIDDEN_BY_STAFF = format_lazy("{} {}", HIDDEN_BY_STAFF_TITLE, HIDDEN_BY_STAFF_TEXT)
