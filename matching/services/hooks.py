"""What saving profiles asks of matching: rescoring after the transaction commits.

Called by the services that write profiles, inside their transaction; nothing
is computed there: tasks are enqueued with ``transaction.on_commit``.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings
from django.db import transaction


def company_rescore_enqueue(*, company_id: int) -> None:
    """After commit, enqueue the rescoring of one company (embeddings first)."""
    from matching.tasks import company_rescore_task

    transaction.on_commit(lambda: company_rescore_task.delay(company_id), robust=True)


def companies_rescore_enqueue(
    *, company_ids: Iterable[int], full_run_above: int | None = -1
) -> None:
    """After commit, rescore each company, or start one full run if there are more than
    ``full_run_above`` (default ``MATCHING_IMPORT_FULL_RUN_THRESHOLD``; None: never)."""
    from matching.tasks import match_run_start_task

    ids = list(dict.fromkeys(company_ids))
    limit = settings.MATCHING_IMPORT_FULL_RUN_THRESHOLD if full_run_above == -1 else full_run_above
    if limit is not None and len(ids) > limit:
        transaction.on_commit(lambda: match_run_start_task.delay(), robust=True)
        return
    for company_id in ids:
        company_rescore_enqueue(company_id=company_id)


def companies_imported_enqueue(*, keys: Iterable[str]) -> None:
    """After an import commits: rescore the changed companies, or one full run for many."""
    from partners.models import Company

    keys = list(keys)
    if len(keys) > settings.MATCHING_IMPORT_FULL_RUN_THRESHOLD:
        from matching.tasks import match_run_start_task

        transaction.on_commit(lambda: match_run_start_task.delay(), robust=True)
        return
    ids = Company.objects.filter(key__in=keys).values_list("id", flat=True)
    companies_rescore_enqueue(company_ids=list(ids))


def full_run_enqueue() -> None:
    """After commit, ask a worker to start a full recompute (or join the active one)."""
    from matching.tasks import match_run_start_task

    transaction.on_commit(lambda: match_run_start_task.delay(), robust=True)
