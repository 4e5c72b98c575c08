"""Serializer fields of the API's own."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy
from rest_framework import serializers

from partners.text import BLANK_TEXT_MESSAGE, is_blank, strip_invisible


class StrictCharField(serializers.CharField):
    """DRF's ``CharField`` that takes text only: DRF's own turns a number into its digits
    (``"conditions": 0`` became ``"0"``), which the schema (``type: string``) forbids.

    It trims invisible characters as well as spaces (``partners.text``: zero-width
    spaces, the ideographic space, BOMs …), so a required text of nothing else is refused
    as blank; the schema's ``NOT_BLANK`` pattern (``alliance.api.schema``) says the same.
    A subclass whose schema says otherwise sets ``trims_invisible = False``."""

    trims_invisible = True
    default_error_messages = {
        **serializers.CharField.default_error_messages,
        "not_text": gettext_lazy("must be text (a JSON string)"),
        "invisible": BLANK_TEXT_MESSAGE,
    }

    def run_validation(self, data: Any = serializers.empty) -> Any:
        if self.trims_invisible and self.trim_whitespace and isinstance(data, str):
            if data.strip() and is_blank(data) and not self.allow_blank:
                self.fail("invisible")
            data = strip_invisible(data)
        return super().run_validation(data)

    def to_internal_value(self, data: Any) -> str:
        if not isinstance(data, str):
            self.fail("not_text")
        return super().to_internal_value(data)


class StrictBooleanField(serializers.BooleanField):
    """DRF's ``BooleanField`` that takes JSON's true and false only: DRF's own also reads
    "yes", "on", 1 and "0", which the schema (``type: boolean``) forbids."""

    default_error_messages = {
        **serializers.BooleanField.default_error_messages,
        "not_boolean": gettext_lazy("must be true or false (a JSON boolean)"),
    }

    def to_internal_value(self, data: Any) -> bool:
        if not isinstance(data, bool):
            self.fail("not_boolean")
        return data
