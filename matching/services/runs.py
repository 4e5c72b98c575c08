"""Full recomputes: a run split into blocks that workers claim, published all at once.

``match_run_start`` creates the run and its blocks; each block is claimed with a
guarded UPDATE (pending → running, or running but claimed longer ago than
``MATCHING_CLAIM_TIMEOUT``), scored and written (delete-then-insert, so running
a block twice changes nothing) and marked done. Whoever finishes the last block
publishes the run: every list pointer of its companies moves to it in one
transaction, so no reader ever sees half a run.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F, Max, Q
from django.utils import timezone

from matching.embeddings import phrase_embedder
from matching.engine import (
    Index,
    MatchingConfig,
    cutoffs_by_key,
    cutoffs_set,
    exposure_cutoffs,
    exposure_wanted,
    prepare,
    score_block,
)
from matching.models import MatchBlock, MatchRun, Suggestion, SuggestionList
from matching.selectors import (
    Population,
    match_run_active,
    match_run_latest,
    matchable_companies,
    matching_config,
    population_load,
)
from matching.selectors.stats import run_stats
from matching.services.storage import lists_write, pointers_move
from partners.models import Company
from partners.services.webhooks import webhooks_emit_suggestions_refreshed

logger = logging.getLogger(__name__)


@dataclass
class Prepared:
    """A population's index, kept per run in each worker process."""

    run_id: int | None
    population: Population
    index: Index
    config: MatchingConfig


_prepared: dict[int, Prepared] = {}

# A worker that claimed a run's exposure cutoffs and has not stored them after this many
# seconds is taken for lost: another one computes them.
EXPOSURE_CLAIM_TIMEOUT = 600
EXPOSURE_POLL = 0.5


def population_prepare(*, config: MatchingConfig, run_id: int | None = None) -> Prepared:
    """Load every matchable company and build the engine's index (cached vectors).

    The exposure cutoffs, the costly part of preparing a large population, are
    computed once per full run (``run_exposure_cutoffs``) and shared by all its
    workers; an index prepared outside a run (the rescorings' live index) takes
    the latest complete run's cutoffs, and computes its own only when there is none.
    """
    population = population_load()
    index = prepare(population.profiles, phrase_embedder(), config, exposure=False)
    if exposure_wanted(len(index), config):
        if run_id is not None:
            cutoffs_set(index, run_exposure_cutoffs(run_id=run_id, index=index, config=config))
        else:
            latest = match_run_latest()
            if latest is not None and latest.exposure_cutoffs is not None:
                cutoffs_set(index, latest.exposure_cutoffs)
            else:
                index.exposure = exposure_cutoffs(index, config)
    return Prepared(run_id, population, index, config)


def run_exposure_cutoffs(*, run_id: int, index: Index, config: MatchingConfig) -> dict:
    """The run's exposure cutoffs by company key: stored ones, or computed and stored by
    this worker if it claims them first; otherwise it waits for the worker that did."""
    while True:
        run = MatchRun.objects.filter(pk=run_id).values("exposure_cutoffs", "status").first()
        if run is None:
            raise MatchRun.DoesNotExist(f"matching run {run_id}")
        if run["exposure_cutoffs"] is not None:
            return run["exposure_cutoffs"]
        stale = timezone.now() - timedelta(seconds=EXPOSURE_CLAIM_TIMEOUT)
        claimed = (
            MatchRun.objects.filter(pk=run_id, exposure_cutoffs__isnull=True)
            .filter(Q(exposure_claimed_at__isnull=True) | Q(exposure_claimed_at__lt=stale))
            .update(exposure_claimed_at=timezone.now())
        )
        if claimed:
            started = time.monotonic()
            index.exposure = exposure_cutoffs(index, config)
            cutoffs = cutoffs_by_key(index)
            MatchRun.objects.filter(pk=run_id).update(exposure_cutoffs=cutoffs)
            logger.info(
                "run %s: exposure cutoffs of %d companies in %.1f s",
                run_id, len(cutoffs), time.monotonic() - started,
            )  # fmt: skip
            return cutoffs
        time.sleep(EXPOSURE_POLL)


def run_prepared(run: MatchRun) -> Prepared:
    """The index of ``run``, built once per worker process and run."""
    cached = _prepared.get(run.pk)
    if cached is None:
        _prepared.clear()  # one run at a time: free the last one's memory
        from matching.services.live import live_index_reset

        live_index_reset()  # and the rescorings' index: the run's is adopted when it ends
        config = matching_config(include_same_division=run.include_same_division)
        cached = _prepared[run.pk] = population_prepare(config=config, run_id=run.pk)
    return cached


def match_run_start(
    *, include_same_division: bool = False, block_size: int | None = None
) -> MatchRun:
    """Create a full run and its blocks; if one is active already, return that one."""
    size = block_size or settings.MATCHING_BLOCK_SIZE
    ids = list(matchable_companies().order_by("key").values_list("id", flat=True))
    chunks = [ids[i : i + size] for i in range(0, len(ids), size)]
    try:
        with transaction.atomic():
            run = MatchRun.objects.create(
                kind=MatchRun.Kind.FULL,
                include_same_division=include_same_division,
                blocks_total=len(chunks),
                companies_count=len(ids),
                started_at=timezone.now(),
            )
            MatchBlock.objects.bulk_create(
                MatchBlock(run=run, index=i, company_ids=chunk) for i, chunk in enumerate(chunks)
            )
    except IntegrityError:
        active = match_run_active()
        if active is None:
            raise
        return active
    if not chunks:
        match_run_publish(run_id=run.pk)
        run.refresh_from_db()
    return run


def match_blocks_claimable(*, run_id: int) -> list[int]:
    """Ids of the run's blocks that a worker may claim now (pending, or claimed too long ago)."""
    return list(_claimable(MatchBlock.objects.filter(run_id=run_id)).values_list("id", flat=True))


def _claimable(blocks):
    stale = timezone.now() - timedelta(seconds=settings.MATCHING_CLAIM_TIMEOUT)
    return blocks.filter(
        Q(status=MatchBlock.Status.PENDING)
        | Q(status=MatchBlock.Status.RUNNING, claimed_at__lt=stale)
    )


def match_blocks_lost() -> list[int]:
    """Ids of the active full run's blocks whose task was lost, to hand out again (beat).

    A block claimed longer ago than ``MATCHING_CLAIM_TIMEOUT`` lost its worker; pending
    blocks are handed out too once no block was claimed for that long, since a killed
    worker takes the messages it had reserved with it. A run whose blocks are all done
    but which nobody published (its last worker lost in between) is published here.
    Handing out a block twice is safe: it is claimed once.
    """
    run = match_run_active()
    if run is None:
        return []
    blocks = MatchBlock.objects.filter(run=run)
    stale = timezone.now() - timedelta(seconds=settings.MATCHING_CLAIM_TIMEOUT)
    last_claim = blocks.aggregate(last=Max("claimed_at"))["last"] or run.started_at
    if last_claim is None or last_claim < stale:
        lost = _claimable(blocks)
    else:
        lost = blocks.filter(status=MatchBlock.Status.RUNNING, claimed_at__lt=stale)
    ids = list(lost.values_list("id", flat=True))
    if not ids:
        match_run_publish(run_id=run.pk)
    return ids


def match_block_claim(*, block_id: int, reclaim: datetime | None = None) -> MatchBlock | None:
    """Claim a block (guarded UPDATE); None if another worker holds it or it is done.

    ``reclaim``, the time of this task's own earlier claim, takes the block back: a retry
    after a database error finds it still claimed when the error kept the release from
    being written.
    """
    now = timezone.now()
    blocks = MatchBlock.objects.filter(pk=block_id)
    mine = Q(status=MatchBlock.Status.RUNNING, claimed_at=reclaim) if reclaim else Q(pk=None)
    claimed = (_claimable(blocks) | blocks.filter(mine)).update(
        status=MatchBlock.Status.RUNNING, claimed_at=now, attempts=F("attempts") + 1
    )
    if claimed != 1:
        return None
    return MatchBlock.objects.select_related("run").get(pk=block_id)


def match_block_run(*, block_id: int) -> bool:
    """Claim one block, score it and store its rows; publish the run if it was the last block.

    Returns False (and does nothing) when the block cannot be claimed.
    """
    block = match_block_claim(block_id=block_id)
    if block is None:
        return False
    return match_block_score(block=block)


def match_block_score(*, block: MatchBlock) -> bool:
    """Score a block claimed by ``match_block_claim`` and store its rows; publish the run
    if it was the last block. False if the run is over or the claim was lost meanwhile."""
    run = block.run
    if run.status not in (MatchRun.Status.PENDING, MatchRun.Status.RUNNING):
        return False
    MatchRun.objects.filter(pk=run.pk, status=MatchRun.Status.PENDING).update(
        status=MatchRun.Status.RUNNING
    )
    try:
        stored = _block_store(block, run)
    except BaseException:
        # Let a retry (or another worker) claim it at once instead of after the timeout.
        MatchBlock.objects.filter(
            pk=block.pk, status=MatchBlock.Status.RUNNING, claimed_at=block.claimed_at
        ).update(status=MatchBlock.Status.PENDING)
        raise
    if stored:
        match_run_publish(run_id=run.pk)
    return stored


def _block_store(block: MatchBlock, run: MatchRun) -> bool:
    prepared = run_prepared(run)
    index, id_of = prepared.index, prepared.population.id_of
    key_of = prepared.population.key_of
    rows = [index.row_of[key_of[pk]] for pk in block.company_ids if key_of.get(pk) in index.row_of]
    lists = score_block(index, rows, prepared.config)
    with transaction.atomic():
        Suggestion.objects.filter(run=run, company_id__in=block.company_ids).delete()
        lists_write(run=run, lists=lists, id_of=id_of)
        done = MatchBlock.objects.filter(
            pk=block.pk, status=MatchBlock.Status.RUNNING, claimed_at=block.claimed_at
        ).update(status=MatchBlock.Status.DONE)
        if done != 1:  # re-claimed meanwhile by a worker that thought this one lost
            transaction.set_rollback(True)
            return False
        MatchRun.objects.filter(pk=run.pk).update(blocks_done=F("blocks_done") + 1)
    return True


def match_run_publish(*, run_id: int) -> bool:
    """Make a run whose blocks are all done visible, at once; False if not ready or taken."""
    now = timezone.now()
    with transaction.atomic():
        taken = MatchRun.objects.filter(
            pk=run_id,
            status__in=(MatchRun.Status.PENDING, MatchRun.Status.RUNNING),
            blocks_done__gte=F("blocks_total"),
        ).update(status=MatchRun.Status.PUBLISHING)
        if taken != 1:
            return False
        run = MatchRun.objects.get(pk=run_id)
        members = set()
        for ids in MatchBlock.objects.filter(run=run).values_list("company_ids", flat=True):
            members.update(ids)
        visible = set(matchable_companies().filter(id__in=members).values_list("id", flat=True))
        pointers_move(run=run, company_ids=visible)
        webhooks_emit_suggestions_refreshed(company_ids=visible, run_id=run_id)
        SuggestionList.objects.filter(company__visibility=Company.Visibility.HIDDEN).delete()
        stats = run_stats(run=run, companies=len(visible))
        MatchRun.objects.filter(pk=run_id).update(
            status=MatchRun.Status.COMPLETE,
            finished_at=now,
            suggestions_count=sum(stats["scores"]),
            exposure_gini=stats["exposure"]["gini"],
            stats=stats,
        )
        changed = Company.objects.filter(updated_at__gte=run.started_at).values_list(
            "id", flat=True
        )
        _rescore_after_commit(list(changed))
    prepared = _prepared.pop(run_id, None)
    if prepared is not None:
        from matching.services.live import live_index_adopt

        live_index_adopt(prepared, since=run.started_at)
    match_runs_cleanup()
    return True


def _rescore_after_commit(company_ids: list[int]) -> None:
    from matching.services.hooks import companies_rescore_enqueue

    companies_rescore_enqueue(company_ids=company_ids, full_run_above=None)


def match_run_fail(*, run_id: int, error: str) -> None:
    """Mark an unfinished run failed (so that a new full run may start)."""
    MatchRun.objects.filter(
        pk=run_id,
        status__in=(MatchRun.Status.PENDING, MatchRun.Status.RUNNING, MatchRun.Status.PUBLISHING),
    ).update(status=MatchRun.Status.FAILED, error=error[:5000], finished_at=timezone.now())
    _prepared.pop(run_id, None)


def match_run_sync(
    *, run: MatchRun, progress: Callable[[str, int, int], None] | None = None
) -> MatchRun:
    """Run every claimable block of ``run`` in this process (no broker), then return it."""
    blocks = match_blocks_claimable(run_id=run.pk)
    for done, block_id in enumerate(blocks, start=1):
        match_block_run(block_id=block_id)
        if progress:
            progress("score", done, len(blocks))
    run.refresh_from_db()
    return run


def match_runs_cleanup(*, keep: int | None = None) -> int:
    """Delete finished runs' rows except the last ``keep`` complete full runs and any run a
    list points to. Returns the number of runs deleted."""
    keep = settings.MATCHING_KEEP_FULL_RUNS if keep is None else keep
    finished = (MatchRun.Status.COMPLETE, MatchRun.Status.FAILED, MatchRun.Status.SUPERSEDED)
    kept = MatchRun.objects.filter(kind=MatchRun.Kind.FULL, status=MatchRun.Status.COMPLETE)
    kept_ids = list(kept.order_by("-finished_at", "-id").values_list("id", flat=True)[:keep])
    pointed = SuggestionList.objects.values_list("run_id", flat=True).distinct()
    doomed = (
        MatchRun.objects.filter(status__in=finished)
        .exclude(id__in=kept_ids)
        .exclude(id__in=pointed)
    )
    ids = list(doomed.values_list("id", flat=True))
    Suggestion.objects.filter(run_id__in=ids).delete()
    MatchRun.objects.filter(id__in=ids).delete()
    return len(ids)
