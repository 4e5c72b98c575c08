"""Form fields of the site's own (text that must be visible, phone numbers)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .text import is_blank, strip_invisible

INVISIBLE_MESSAGE = _(
    "%(field)s must contain visible text: spaces and invisible characters such as "
    "zero-width spaces do not count."
)


class VisibleCharField(forms.CharField):
    """A ``CharField`` that trims invisible characters too (``partners.text``): zero-width
    spaces, the ideographic space, BOMs … A required one refuses a text of nothing else,
    naming the field."""

    def to_python(self, value: Any) -> Any:
        value = super().to_python(value)
        if self.strip and isinstance(value, str):
            value = strip_invisible(value) or self.empty_value
        return value

    def clean(self, value: Any) -> Any:
        # More than spaces (those are "required"), but nothing visible:
        if self.required and isinstance(value, str) and value.strip() and is_blank(value):
            raise ValidationError(
                INVISIBLE_MESSAGE, code="invisible", params={"field": self.label or ""}
            )
        return super().clean(value)
