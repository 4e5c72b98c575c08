"""Fixtures of the fault tests: workers of their own that a test may kill, and a population.

The session's ``live_worker`` (tests/worker.py) is shared and must survive; a fault
test starts its own workers instead (``fault_workers.start()``), on a queue of its
own, with settings of its own given through the environment, and may SIGKILL them.
"""

from __future__ import annotations

import itertools
import os
import signal
import subprocess
import sys
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.conf import settings

from alliance.celery import app
from matching import embeddings
from matching.models import SuggestionList
from matching.selectors import current_suggestions, matchable_companies
from matching.services import live, match_run_start, match_run_sync, phrases_embed_missing, runs
from partners.services.demo import demo_company_records
from tests.factories import CompanyFactory
from tests.matching.conftest import PROFILES, company_for
from tests.worker import (
    START_TIMEOUT,
    WorkerProcess,
    _queue_delete,
    _stop,
    _wait_for_disconnection,
    _worker_environment,
    wait_until,
)

BLOCK_SIZE = 10
_queues = itertools.count(1)


@pytest.fixture(autouse=True)
def lexical_matching(settings):
    """The lexical embedder (no model to load), small blocks, empty per-process caches."""
    settings.MATCHING_EMBEDDER = "lexical"
    settings.MATCHING_BLOCK_SIZE = BLOCK_SIZE
    embeddings._process_embedder.cache_clear()
    runs._prepared.clear()
    live.live_index_reset()
    yield
    embeddings._process_embedder.cache_clear()
    runs._prepared.clear()
    live.live_index_reset()


@dataclass
class FaultWorkers:
    """Starts workers on one queue of the test's own; kills them on request or at the end."""

    folder: Path
    queue: str
    started: list[WorkerProcess] = field(default_factory=list)

    def start(self, *, concurrency: int = 2, **env: str | float | int) -> WorkerProcess:
        """A ready worker; ``env`` overrides settings (``MATCHING_CLAIM_TIMEOUT=2``...)."""
        folder = self.folder / f"worker-{len(self.started) + 1}"
        (folder / "email").mkdir(parents=True)
        environment = _worker_environment(folder / "email", self.queue)
        environment.update(
            MATCHING_EMBEDDER="lexical",
            MATCHING_BLOCK_SIZE=str(BLOCK_SIZE),
            **{name: str(value) for name, value in env.items()},
        )
        command = [
            sys.executable, "-m", "celery", "-A", "alliance", "worker",
            "--loglevel=INFO", "--pool=prefork", f"--concurrency={concurrency}",
            "--queues", self.queue, "--hostname", f"{self.queue}-{len(self.started)}@%h",
            "--without-mingle", "--without-gossip", "--without-heartbeat",
            "--include", "tests.faults.worker_delays",
        ]  # fmt: skip
        log_path = folder / "worker.log"
        with log_path.open("wb") as log:
            process = subprocess.Popen(
                command,
                cwd=settings.BASE_DIR,
                env=environment,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # its own process group: killed with its pool
            )
        worker = WorkerProcess(process, self.queue, log_path, folder / "email")
        self.started.append(worker)
        wait_until(lambda: " ready." in worker.log(), START_TIMEOUT, worker, "ready message")
        return worker

    def kill(self, worker: WorkerProcess) -> None:
        """SIGKILL the worker and every pool process: no shutdown, no message handed back."""
        os.killpg(worker.process.pid, signal.SIGKILL)
        worker.process.wait(timeout=30)

    def logs(self) -> str:
        return "\n".join(f"--- worker {w.process.pid}:\n{w.log()}" for w in self.started)


@pytest.fixture
def fault_workers(transactional_db, django_db_blocker, tmp_path) -> Iterator[FaultWorkers]:
    """Workers of this test only; its tasks are sent to them, not run in place."""
    queue = f"{settings.CELERY_TASK_DEFAULT_QUEUE}-fault-{next(_queues)}"
    workers = FaultWorkers(tmp_path, queue)
    eager, default_queue = app.conf.task_always_eager, app.conf.task_default_queue
    app.conf.task_always_eager = False
    app.conf.task_default_queue = queue
    try:
        yield workers
    finally:
        app.conf.task_always_eager, app.conf.task_default_queue = eager, default_queue
        for worker in workers.started:
            _stop(worker)
        _queue_delete(queue)
        _wait_for_disconnection()


@pytest.fixture
def demo_population(transactional_db) -> int:
    """Demo companies in every industry (``seed_demo``'s), with a complete full run.
    Returns how many take part in matching."""
    count = int(os.environ.get("FAULT_COMPANIES", "300"))
    for record in demo_company_records(count=count):
        chain = record.pop("value_chain", {})
        CompanyFactory(**record, strengths=chain.get("strengths", []), seeks=chain.get("seeks", []))
    phrases_embed_missing()
    match_run_sync(run=match_run_start())
    return matchable_companies().count()


@pytest.fixture
def small_population(transactional_db) -> dict:
    """The eight companies of the matching tests (by key), with a complete full run."""
    companies = {row[0]: company_for(*row) for row in PROFILES}
    phrases_embed_missing()
    match_run_sync(run=match_run_start())
    return companies


def lists_snapshot() -> dict[int, list[tuple[int, int, float]]]:
    """What readers see now: each company's current list as (partner, rank, score) rows."""
    lists: dict[int, list[tuple[int, int, float]]] = {}
    rows = current_suggestions().order_by("company_id", "rank")
    for company, partner, rank, score in rows.values_list(
        "company_id", "partner_id", "rank", "score"
    ):
        lists.setdefault(company, []).append((partner, rank, round(score, 6)))
    return lists


def assert_lists_consistent() -> None:
    """Each current list ranks 1..n with no partner twice, and names no missing company."""
    rows = list(current_suggestions().values_list("company_id", "partner_id", "rank"))
    ranks: dict[int, list[int]] = {}
    for company, _, rank in rows:
        ranks.setdefault(company, []).append(rank)
    for company, seen in ranks.items():
        assert sorted(seen) == list(range(1, len(seen) + 1)), f"ranks of {company}: {seen}"
    pairs = Counter((company, partner) for company, partner, _ in rows)
    assert not pairs or max(pairs.values()) == 1, "a partner twice in one list"
    pointed = set(SuggestionList.objects.values_list("company_id", flat=True))
    assert set(ranks) <= pointed
