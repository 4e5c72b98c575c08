"""Serializer fields of the API's own."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy
from rest_framework import serializers


class StrictCharField(serializers.CharField):
    """DRF's ``CharField`` that takes text only: DRF's own turns a number into its digits
    (``"conditions": 0`` became ``"0"``), which the schema (``type: string``) forbids."""

    default_error_messages = {
        **serializers.CharField.default_error_messages,
        "not_text": gettext_lazy("must be text (a JSON string)"),
    }

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
