"""Writing suggestion rows and moving the lists' pointers."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Mapping

from django.db import connection

from alliance import kept
from matching.engine import CompanySuggestions
from matching.models import MatchRun, Suggestion, SuggestionList

WRITE_BATCH = 2000


def lists_write(
    *, run: MatchRun, lists: Iterable[CompanySuggestions], id_of: Mapping[str, int]
) -> int:
    """Store ``lists`` as ``run``'s rows; partners unknown to ``id_of`` are skipped.

    On PostgreSQL the rows go in with one ``COPY`` (several times faster than
    INSERTs for the 20,000 rows of a block); elsewhere with ``bulk_create``.
    Returns the number of rows written.
    """
    rows = [
        (
            id_of[company.company],
            id_of[s.partner],
            s.rank,
            round(float(s.score), 6),
            s.components,
            s.reasons,
        )
        for company in lists
        if company.company in id_of
        for s in company.suggestions
        if s.partner in id_of
    ]
    if connection.vendor == "postgresql":
        _copy_rows(run, rows)
    else:
        Suggestion.objects.bulk_create(
            (
                Suggestion(
                    run=run, company_id=c, partner_id=p, rank=r, score=x, components=k, reasons=w
                )
                for c, p, r, x, k, w in rows
            ),
            batch_size=WRITE_BATCH,
        )
    return len(rows)


def _copy_rows(run: MatchRun, rows: list[tuple]) -> None:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    for company_id, partner_id, rank, score, components, reasons in rows:
        writer.writerow(
            (
                run.pk, company_id, partner_id, rank, repr(score),
                json.dumps(components, ensure_ascii=False, separators=(",", ":")),
                json.dumps(reasons, ensure_ascii=False, separators=(",", ":")),
            )
        )  # fmt: skip
    buffer.seek(0)
    table = connection.ops.quote_name(Suggestion._meta.db_table)
    columns = "run_id, company_id, partner_id, rank, score, components, reasons"
    with connection.cursor() as cursor:
        cursor.copy_expert(f"COPY {table} ({columns}) FROM STDIN WITH (FORMAT csv)", buffer)


def pointers_move(*, run: MatchRun, company_ids: Iterable[int]) -> int:
    """Point the lists of ``company_ids`` at ``run`` (one upsert; call inside a transaction)."""
    kept.lists_changed()  # a bulk write: no signal says so
    pointers = [SuggestionList(company_id=pk, run=run) for pk in set(company_ids)]
    SuggestionList.objects.bulk_create(
        pointers,
        batch_size=WRITE_BATCH,
        update_conflicts=True,
        unique_fields=["company"],
        update_fields=["run", "updated_at"],
    )
    return len(pointers)
