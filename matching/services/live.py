"""The index a worker keeps between rescorings, brought up to date change by change.

Preparing the whole population takes about a minute at 100,000 companies, far
too long for "profile saved → new suggestions visible within seconds". So each
worker process keeps one prepared index and, before each rescoring, applies
what changed in the database since it last looked: companies edited since then
are put in again (``engine.replace_profile``), companies that are new or no
longer hidden are added and companies deleted or hidden are taken out
(``engine.remove_profile``). Only the changed companies are read; only their
phrases the index does not hold yet are embedded.

The index is rebuilt from scratch when the configuration changes, when it is
older than ``MATCHING_LIVE_INDEX_MAX_AGE`` seconds (so population statistics
follow the population) or when more than ``MATCHING_LIVE_INDEX_MAX_CHANGES``
companies changed at once (a rebuild is then cheaper than many replacements).
"""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.conf import settings
from django.utils import timezone

from matching.embeddings import phrase_embedder
from matching.engine import MatchingConfig, remove_profile, replace_profile
from matching.selectors import matchable_companies, population_load
from matching.services.runs import Prepared, population_prepare

logger = logging.getLogger(__name__)

# Saves that commit a little after their ``updated_at`` was stamped are still seen.
CLOCK_SLACK = timedelta(seconds=30)


@dataclass
class LiveIndex:
    prepared: Prepared
    synced_at: datetime
    built_at: float
    applied: dict[int, datetime] = field(default_factory=dict)


_live: LiveIndex | None = None
# One thread at a time builds or updates the index (a threads pool shares it).
_lock = threading.Lock()


def _build(config: MatchingConfig) -> LiveIndex:
    started = timezone.now()
    prepared = population_prepare(config=config)
    prepared.population.profiles = []  # held by the index now
    return LiveIndex(prepared, synced_at=started, built_at=time.monotonic())


def _from_finished_run(config: MatchingConfig) -> LiveIndex | None:
    """The index this process prepared for a full run that has ended, if any (taken over
    instead of building another: it would double the memory and take a minute)."""
    from matching.models import MatchRun
    from matching.services import runs

    for run_id, prepared in list(runs._prepared.items()):
        run = MatchRun.objects.filter(pk=run_id).first()
        active = (MatchRun.Status.PENDING, MatchRun.Status.RUNNING, MatchRun.Status.PUBLISHING)
        if run is not None and run.status in active:
            continue
        del runs._prepared[run_id]
        if run is not None and run.status == MatchRun.Status.COMPLETE and prepared.config == config:
            prepared.population.profiles = []
            return LiveIndex(prepared, synced_at=run.started_at, built_at=time.monotonic())
    return None


def live_index_reset() -> None:
    """Forget this process's index (the next rescoring builds a new one)."""
    global _live
    _live = None


def live_index_adopt(prepared: Prepared, *, since: datetime) -> None:
    """Keep a full run's freshly prepared index (built from the database as of ``since``)."""
    global _live
    prepared.population.profiles = []
    _live = LiveIndex(prepared, synced_at=since, built_at=time.monotonic())


def live_prepared(*, config: MatchingConfig) -> Prepared:
    """This process's index for ``config``, with every change since its last use applied."""
    with _lock:
        return _live_prepared(config)


def _live_prepared(config: MatchingConfig) -> Prepared:
    global _live
    max_age = settings.MATCHING_LIVE_INDEX_MAX_AGE
    if (
        _live is None
        or _live.prepared.config != config
        or time.monotonic() - _live.built_at > max_age
    ):
        _live = None  # free the old index before building the new one (peak memory)
        _live = _from_finished_run(config) or _build(config)
    if not _sync(_live, config):
        _live = None
        _live = _build(config)
        _sync(_live, config)
    return _live.prepared


def _sync(live: LiveIndex, config: MatchingConfig) -> bool:
    """Apply the database's changes to ``live``; False if there are too many to apply."""
    started = timezone.now()
    population = live.prepared.population
    present = set(matchable_companies().values_list("id", flat=True))
    known = set(population.id_of.values())
    edited = {
        pk: stamp
        for pk, stamp in matchable_companies()
        .filter(updated_at__gte=live.synced_at - CLOCK_SLACK)
        .values_list("id", "updated_at")
        if live.applied.get(pk) != stamp
    }
    gone = known - present
    put = (present - known) | set(edited)
    if len(gone) + len(put) > settings.MATCHING_LIVE_INDEX_MAX_CHANGES:
        return False
    if gone or put:
        _apply(live, config, gone, put)
        live.applied.update(edited)
    live.synced_at = started
    # Stamps older than the slack window can no longer be seen again: forget them.
    horizon = started - CLOCK_SLACK
    live.applied = {pk: s for pk, s in live.applied.items() if s >= horizon}
    return True


def _apply(live: LiveIndex, config: MatchingConfig, gone: set[int], put: set[int]) -> None:
    prepared = live.prepared
    population = prepared.population
    index = prepared.index
    key_of = {pk: key for key, pk in population.id_of.items()}
    for pk in gone:
        key = key_of[pk]
        if key in index.row_of:
            index = remove_profile(index, key)
        del population.id_of[key]
        population.section_of.pop(key, None)
    fresh = population_load(company_ids=put)
    embedder = phrase_embedder()
    for profile in fresh.profiles:
        old_key = key_of.get(fresh.id_of[profile.key])
        if old_key is not None and old_key != profile.key and old_key in index.row_of:
            index = remove_profile(index, old_key)  # the company's key changed
            del population.id_of[old_key]
            population.section_of.pop(old_key, None)
        index = replace_profile(index, profile, embedder, config)
    population.id_of.update(fresh.id_of)
    population.section_of.update(fresh.section_of)
    population.profiles = []  # the index holds them now; the list is not kept up to date
    prepared.index = index
    logger.info("live index: %d removed, %d put, %d companies", len(gone), len(put), len(index))
