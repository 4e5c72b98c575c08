"""Celery tasks of the matching app: thin doors into ``matching.services``.

Every task is safe to run twice: blocks are claimed with a guarded UPDATE,
rows are written delete-then-insert, and a run is published by whoever moves
it out of RUNNING. ``acks_late`` with ``reject_on_worker_lost`` gives a lost
task to another worker; database errors are retried a bounded number of times.
"""

from __future__ import annotations

from celery import Task, shared_task
from celery.utils.time import get_exponential_backoff_interval
from django.db import DatabaseError, transaction
from django.utils.dateparse import parse_datetime

from matching import services
from matching.services import runs

RETRYING = {
    "acks_late": True,
    "reject_on_worker_lost": True,
    "autoretry_for": (DatabaseError,),
    # 2 + 4 + 8 + 16 + 32 + 60 s: enough for the database to restart or fail over.
    "max_retries": 6,
    "retry_backoff": 2,
    "retry_backoff_max": 60,
    # Without jitter: random countdowns may all be near 0 s and spend every retry at once.
    "retry_jitter": False,
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


@shared_task(base=BlockTask, bind=True, **RETRYING)
def match_block_task(self: Task, block_id: int, claimed_at: str | None = None) -> bool:
    """Score one block of a full run (publishing the run if it is the last).

    A database error after the claim is retried with the claim's time (``claimed_at``),
    so that the retry takes the block back even if its release could not be written.
    """
    reclaim = parse_datetime(claimed_at) if claimed_at else None
    block = runs.match_block_claim(block_id=block_id, reclaim=reclaim)
    if block is None:
        return False
    try:
        return runs.match_block_score(block=block)
    except DatabaseError as exc:
        claim = {"block_id": block_id, "claimed_at": block.claimed_at.isoformat()}
        raise self.retry(exc=exc, kwargs=claim, countdown=_backoff(self)) from exc


def _backoff(task: Task) -> int:
    """The countdown ``autoretry_for`` would give this retry."""
    return get_exponential_backoff_interval(
        factor=RETRYING["retry_backoff"],
        retries=task.request.retries,
        maximum=RETRYING["retry_backoff_max"],
        full_jitter=RETRYING["retry_jitter"],
    )


@shared_task(**RETRYING)
def match_runs_sweep_task() -> int:
    """Hand out again the blocks of the active full run whose task was lost (celery beat)."""
    blocks = services.match_blocks_lost()
    for block_id in blocks:
        match_block_task.delay(block_id=block_id)
    return len(blocks)


@shared_task(**RETRYING)
def match_runs_cleanup_task() -> int:
    """Delete old runs' rows (see ``match_runs_cleanup``)."""
    return services.match_runs_cleanup()
