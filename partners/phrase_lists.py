"""Editable lists of short texts (capabilities, needs, goals) in HTML forms.

The browser sends one value per item under the same name
(``capabilities=a&capabilities=b``). The field trims every item (of spaces and
invisible characters such as zero-width spaces: ``partners.text``), drops blank
ones and duplicates, and names the offending item in its errors by its position
on the page ("Capability 3 is longer than 200 characters"). The bound field
gives templates one row per item plus a few blank rows, so the list can grow
without JavaScript; static/js/profile-form.js adds the add/remove buttons.
"""

from dataclasses import dataclass
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.forms.boundfield import BoundField
from django.utils.translation import gettext_lazy as _

from .text import is_blank, normalize_text, strip_invisible

# Blank rows offered after the last item, so that a browser without JavaScript
# can still add items (the script removes the surplus ones).
EXTRA_ROWS = 2


class PhraseListWidget(forms.Widget):
    """Reads every value sent under the field's name; rendered by templates."""

    template_name = "django/forms/widgets/text.html"

    def value_from_datadict(self, data, files, name) -> list[str]:
        if hasattr(data, "getlist"):
            return data.getlist(name)
        value = data.get(name)
        if value is None:
            return []
        return [str(v) for v in value] if isinstance(value, list | tuple) else [str(value)]

    def value_omitted_from_data(self, data, files, name) -> bool:
        return name not in data


@dataclass(frozen=True)
class PhraseRow:
    """One input of the list as a template shows it."""

    index: int
    value: str
    id: str
    label: str
    remove_label: str
    invalid: bool

    @property
    def number(self) -> int:
        return self.index + 1


class PhraseListBoundField(BoundField):
    @property
    def rows(self) -> list[PhraseRow]:
        values = [str(v) for v in (self.value() or [])]
        while values and is_blank(values[-1]):
            values.pop()  # the blank rows are re-added below, never more than EXTRA_ROWS
        blanks = max(0, min(EXTRA_ROWS, self.field.max_items - len(values)))
        if not values:
            blanks = max(blanks, 1)
        return [self._row(i, value) for i, value in enumerate(values + [""] * blanks)]

    def _row(self, index: int, value: str) -> PhraseRow:
        field: PhraseListField = self.field
        number = {"number": index + 1}
        return PhraseRow(
            index=index,
            value=value,
            id=f"{self.auto_id}_{index}",
            label=str(field.item_label) % number,
            remove_label=str(field.remove_label) % number,
            invalid=self.form.is_bound and len(strip_invisible(value)) > field.max_length,
        )


class PhraseListField(forms.Field):
    """An ordered list of 1..max_items distinct texts of at most max_length characters."""

    widget = PhraseListWidget
    bound_field_class = PhraseListBoundField
    default_error_messages = {
        "too_long": _("Item %(number)d is longer than %(limit)d characters (it has %(length)d)."),
        "too_many": _("Enter at most %(limit)d items (there are %(count)d)."),
        "invisible": _(
            "%(field)s must contain visible text: spaces and invisible characters such as "
            "zero-width spaces do not count."
        ),
    }

    def __init__(
        self,
        *,
        max_items: int,
        max_length: int,
        item_label: Any,
        remove_label: Any,
        add_label: Any,
        multiline: bool = False,
        **kwargs: Any,
    ) -> None:
        self.max_items = max_items
        self.max_length = max_length
        self.item_label = item_label  # "Capability %(number)s"
        self.remove_label = remove_label  # "Remove capability %(number)s"
        self.add_label = add_label
        self.multiline = multiline
        super().__init__(**kwargs)

    def to_python(self, value: Any) -> list[str]:
        if not value:
            return []
        if isinstance(value, str):
            value = [value]
        return [str(item) for item in value]

    def clean(self, value: Any) -> list[str]:
        raw = self.to_python(value)
        self._check_lengths(raw)
        items = _distinct([strip_invisible(item) for item in raw if not is_blank(item)])
        if not items and self.required:
            if any(item.strip() for item in raw):  # more than spaces, but nothing visible
                raise ValidationError(
                    self.error_messages["invisible"],
                    code="invisible",
                    params={"field": self.label},
                )
            raise ValidationError(self.error_messages["required"], code="required")
        if len(items) > self.max_items:
            raise ValidationError(
                self.error_messages["too_many"],
                code="too_many",
                params={"limit": self.max_items, "count": len(items)},
            )
        return items

    def _check_lengths(self, raw: list[str]) -> None:
        errors = [
            ValidationError(
                self.error_messages["too_long"],
                code="too_long",
                params={
                    "number": i + 1,
                    "limit": self.max_length,
                    "length": len(strip_invisible(item)),
                },
            )
            for i, item in enumerate(raw)
            if len(strip_invisible(item)) > self.max_length
        ]
        if errors:
            raise ValidationError(errors)


def _distinct(items: list[str]) -> list[str]:
    """Items in order, without repeats (compared after NFKC and case folding)."""
    seen: set[str] = set()
    kept = []
    for item in items:
        key = normalize_text(item)
        if key not in seen:
            seen.add(key)
            kept.append(item)
    return kept
