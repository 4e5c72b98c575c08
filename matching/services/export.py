"""The suggestion export ``alliance-suggestions/1`` (see shared/contracts/companies.md)."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import TextIO

from matching.engine import export_rows
from matching.models import MatchRun
from matching.selectors import export_lists

FORMAT = "alliance-suggestions/1"


def suggestions_computed_at() -> datetime | None:
    """When the suggestions now visible were computed: the latest complete run's end."""
    run = (
        MatchRun.objects.filter(status=MatchRun.Status.COMPLETE, finished_at__isnull=False)
        .order_by("-finished_at")
        .first()
    )
    return run.finished_at if run else None


def iso_utc(moment: datetime) -> str:
    """ISO 8601 in UTC with a ``Z``, to the second."""
    return moment.astimezone(UTC).replace(microsecond=0).strftime("%Y-%m-%dT%H:%M:%SZ")


def suggestions_export(*, out: TextIO, top: int | None = None) -> int:
    """Write every company's current list (rank ≤ ``top``) to ``out``; returns the row count.

    Streams company by company; rows are ordered by company key, then rank.
    Raises ``LookupError`` when no run has completed yet.
    """
    computed_at = suggestions_computed_at()
    if computed_at is None:
        raise LookupError("no matching run has completed yet")
    out.write(f'{{"format": "{FORMAT}", "computed_at": "{iso_utc(computed_at)}", "suggestions": [')
    count = 0
    for company in export_lists(top=top):
        for row in export_rows([company], top):
            out.write(("\n  " if count == 0 else ",\n  ") + json.dumps(row, ensure_ascii=False))
            count += 1
    out.write("\n]}\n" if count else "]}\n")
    return count
