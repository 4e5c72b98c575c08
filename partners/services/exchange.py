"""Companies in and out of the database through the exchange format ``alliance-companies/1``.

Import refuses a file whole (``ImportValidationError`` with every problem) or writes
it whole, in one transaction: new keys are created, known keys updated (a key that a
company had before its owner changed it updates that company), records
equal to what is stored are left alone (so re-importing a file changes nothing,
not even ``updated_at``). Fields outside the format (visibility, contact details,
website, members) keep their values on update and their defaults on create.

Export writes companies ordered by key, one record per line, streamed from the
database. See ``partners.exchange.records`` for how empty values round-trip.
"""

import gc
import json
import textwrap
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from types import SimpleNamespace
from typing import Any, TextIO

from django.db import connection, transaction
from django.db.models import F
from django.db.models.functions import Collate

from matching.services.hooks import companies_imported_enqueue
from partners.exchange import FORMAT
from partners.exchange.problems import ImportValidationError
from partners.exchange.records import FORMAT_FIELDS, record_fields, row_record
from partners.exchange.validation import (
    ProgressCallback,
    document_check,
    document_parse,
    record_problems,
)
from partners.models import Company, CompanyKeyHistory
from partners.services.companies import company_search_text
from partners.services.upsert import companies_upsert

BATCH_SIZE = 2000
# Fields outside the format (visibility, contact details, website) are not updated: they
# keep their values, and get the model's defaults when a company is created.
_UPDATE_FIELDS = (*FORMAT_FIELDS, "search_text", "updated_at")

__all__ = [
    "BATCH_SIZE",
    "ExportResult",
    "ImportResult",
    "ImportValidationError",
    "companies_export",
    "companies_import",
    "companies_import_json",
]


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    changed_keys: list[str] = field(default_factory=list)  # created or updated

    @property
    def total(self) -> int:
        return self.created + self.updated + self.unchanged


@dataclass
class ExportResult:
    exported: int = 0
    skipped: list[str] = field(default_factory=list)  # keys of profiles that break the format


def companies_import_json(
    *, data: str | bytes, progress: ProgressCallback | None = None
) -> ImportResult:
    """Import a JSON text of the format; see ``companies_import``."""
    with _gc_paused():
        return companies_import(document=document_parse(data), progress=progress)


def companies_import(*, document: Any, progress: ProgressCallback | None = None) -> ImportResult:
    """Create and update companies from a parsed document of the format.

    Raises ``ImportValidationError`` (listing every problem) before writing anything
    if any record breaks a rule. ``progress(step, done, total)`` is called as
    records are checked (step ``"validate"``) and written (step ``"write"``).
    """
    with _gc_paused():
        return _import_records(document_check(document, progress=progress), progress)


def _import_records(
    records: list[dict[str, Any]], progress: ProgressCallback | None
) -> ImportResult:
    result = ImportResult()
    with transaction.atomic():
        for start in range(0, len(records), BATCH_SIZE):
            _import_batch(records[start : start + BATCH_SIZE], result)
            if progress:
                progress("write", min(start + BATCH_SIZE, len(records)), len(records))
        # Matching after commit: never embed or score inside the import transaction.
        companies_imported_enqueue(keys=result.changed_keys)
    return result


@contextmanager
def _gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while building millions of small objects.

    A parsed file is a tree (no cycles), which reference counting frees on its own;
    with the collector on, each of its full passes walks the whole document again,
    which made parsing and importing a 100,000-company file several times slower.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _import_batch(records: Sequence[Mapping[str, Any]], result: ImportResult) -> None:
    incoming = {record["key"]: record_fields(record) for record in records}
    stored = dict(_stored_fields(list(incoming)))
    moved = _moved_keys([key for key in incoming if key not in stored], incoming)
    if moved:
        incoming = {moved.get(key, key): fields for key, fields in incoming.items()}
        stored.update(_stored_fields(list(moved.values())))
    rows = []
    for key, fields in incoming.items():
        old = stored.get(key)
        if old == fields:
            result.unchanged += 1
            continue
        if old is None:
            result.created += 1
        else:
            result.updated += 1
        result.changed_keys.append(key)
        # company_search_text reads only the profile's attributes: a namespace will do,
        # and costs a fraction of a model instance.
        search_text = company_search_text(SimpleNamespace(**fields))  # type: ignore[arg-type]
        rows.append({**fields, "key": key, "search_text": search_text})
    companies_upsert(rows=rows, update_fields=_UPDATE_FIELDS)


def _moved_keys(unknown: list[str], incoming: Mapping[str, Any]) -> dict[str, str]:
    """{former key: current key} for keys that no company has but one had before its
    owner changed it: importing the same key again updates that company, as the format
    promises. Not where the batch names the company by its current key as well."""
    if not unknown:
        return {}
    moved: dict[str, str] = {}
    former = CompanyKeyHistory.objects.filter(key__in=unknown).values_list("key", "company__key")
    for key, current in former:
        if current not in incoming and current not in moved.values():
            moved[key] = current
    return moved


def _stored_fields(keys: list[str]) -> Iterator[tuple[str, dict[str, Any]]]:
    rows = Company.objects.filter(key__in=keys).values_list("key", *FORMAT_FIELDS)
    for key, *values in rows:
        yield key, dict(zip(FORMAT_FIELDS, values, strict=True))


def companies_export(
    *, out: TextIO, indent: int | None = None, progress: ProgressCallback | None = None
) -> ExportResult:
    """Write every company whose profile fits the format to ``out``, ordered by key.

    The output validates against the schema: companies that do not fit (say, a profile
    saved without capabilities) are left out and their keys returned in ``skipped``.
    ``indent`` pretty-prints; by default each company takes one line.
    ``progress(step, done, total)`` is called with step ``"export"``.
    """
    total = Company.objects.count() if progress else 0
    result = ExportResult()
    out.write(_opening(indent))
    for done, record in enumerate(_records(), start=1):
        if record_problems(record, index=done - 1):
            result.skipped.append(record["key"])
        else:
            out.write(_separator(first=result.exported == 0))
            out.write(_dumps(record, indent))
            result.exported += 1
        if progress and (done % BATCH_SIZE == 0 or done == total):
            progress("export", done, total)
    out.write(_closing(indent, empty=result.exported == 0))
    return result


def _records() -> Iterator[dict[str, Any]]:
    # Byte order of keys on every database (PostgreSQL's locale collations can skip hyphens).
    order = Collate(F("key"), "C") if connection.vendor == "postgresql" else F("key")
    rows = Company.objects.order_by(order).values_list("key", *FORMAT_FIELDS)
    for key, *values in rows.iterator(chunk_size=BATCH_SIZE):
        yield row_record(key, dict(zip(FORMAT_FIELDS, values, strict=True)))


def _dumps(record: dict[str, Any], indent: int | None) -> str:
    if indent is None:
        return json.dumps(record, ensure_ascii=False)
    return textwrap.indent(json.dumps(record, ensure_ascii=False, indent=indent), " " * 2 * indent)


def _opening(indent: int | None) -> str:
    fmt = json.dumps(FORMAT)
    if indent is None:
        return f'{{"format": {fmt}, "companies": ['
    pad = " " * indent
    return f'{{\n{pad}"format": {fmt},\n{pad}"companies": ['


def _separator(*, first: bool) -> str:
    return "\n" if first else ",\n"


def _closing(indent: int | None, *, empty: bool) -> str:
    if indent is None:
        return "]}\n" if empty else "\n]}\n"
    pad = " " * indent
    return "]\n}\n" if empty else f"\n{pad}]\n}}\n"
