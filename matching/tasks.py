"""Celery tasks of the matching app: thin doors into ``matching.services``.

Every task is safe to run twice: blocks are claimed with a guarded UPDATE,
rows are written delete-then-insert, and a run is published by whoever moves
it out of RUNNING. ``acks_late`` with ``reject_on_worker_lost`` gives a lost
task to another worker; database errors are retried a bounded number of times.
"""

from __future__ import annotations

from celery import Task, shared_task
from django.db import DatabaseError, transaction

from matching import services

RETRYING = {
    "acks_late": True,
    "reject_on_worker_lost": True,
    "autoretry_for": (DatabaseError,),
    "max_retries": 3,
    "retry_backoff": 2,
    "retry_backoff_max": 60,
}


class BlockTask(Task):
    """A block task that fails for good fails its run, so that the next full run may start."""

    def on_failure(self, exc, task_id, args, kwargs, einfo):
        from matching.models import MatchBlock

        block_id = kwargs.get("block_id", args[0] if args else None)
        run_id = MatchBlock.objects.filter(pk=block_id).values_list("run_id", flat=True).first()
        if run_id is not None:
            services.match_run_fail(run_id=run_id, error=repr(exc))


@shared_task(**RETRYING)
def phrases_embed_task(company_ids: list[int] | None = None) -> int:
    """Embed the missing phrases of some (or all) companies."""
    return services.phrases_embed_missing(company_ids=company_ids)


@shared_task(**RETRYING)
def company_rescore_task(company_id: int) -> int:
    """Embed a company's new phrases, then rescore it; returns the COMPANY run's id."""
    services.phrases_embed_missing(company_ids=[company_id])
    return services.company_rescore(company_id=company_id).pk


@shared_task(**RETRYING)
def match_run_start_task(include_same_division: bool = False) -> int:
    """Start a full run (or pick up the active one) and dispatch its blocks."""
    run = services.match_run_start(include_same_division=include_same_division)
    transaction.on_commit(lambda: match_run_dispatch_task.delay(run.pk))
    return run.pk


@shared_task(**RETRYING)
def match_run_dispatch_task(run_id: int) -> int:
    """Embed what is missing once, then give each claimable block to a worker."""
    services.phrases_embed_missing()
    blocks = services.match_blocks_claimable(run_id=run_id)
    for block_id in blocks:
        match_block_task.delay(block_id=block_id)
    return len(blocks)


@shared_task(base=BlockTask, **RETRYING)
def match_block_task(block_id: int) -> bool:
    """Score one block of a full run (publishing the run if it is the last)."""
    return services.match_block_run(block_id=block_id)


@shared_task(**RETRYING)
def match_runs_cleanup_task() -> int:
    """Delete old runs' rows (see ``match_runs_cleanup``)."""
    return services.match_runs_cleanup()
