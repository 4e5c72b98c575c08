"""What is wrong with a file: one problem per record and field."""

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

# A key that can name its record in messages (the schema's own pattern, matched whole).
_KEY = re.compile(r"[a-z0-9][a-z0-9-]{1,63}")

DOCUMENT = "document"


@dataclass(frozen=True)
class ImportProblem:
    """One broken rule: ``record`` is ``companies[3] (key "abc")`` or ``document``,
    ``field`` a path inside it such as ``value_chain.strengths`` or ``capabilities[2]``
    (empty for the record as a whole)."""

    record: str
    field: str
    message: str

    def __str__(self) -> str:
        where = f"{self.record}: {self.field}" if self.field else self.record
        return f"{where}: {self.message}"


class ImportValidationError(Exception):
    """A file was refused; ``errors`` lists every problem found, in file order."""

    def __init__(self, errors: Sequence[ImportProblem]):
        self.errors = list(errors)
        count = len(self.errors)
        super().__init__(
            _("The file was refused (%(count)d problems); nothing was imported.") % {"count": count}
        )


def record_label(index: int, record: Any) -> str:
    """``companies[3] (key "abc")``, or ``companies[3]`` when the key is missing or invalid."""
    key = record.get("key") if isinstance(record, dict) else None
    if isinstance(key, str) and _KEY.fullmatch(key):
        return f'companies[{index}] (key "{key}")'
    return f"companies[{index}]"
