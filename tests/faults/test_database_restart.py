"""PostgreSQL restarted in the middle of a full run: tasks retry and the run completes."""

import shutil
import subprocess
import time
from pathlib import Path

import pytest
from django.db import connection, connections

from matching.models import MatchBlock, MatchRun, SuggestionList
from matching.selectors import matchable_companies
from matching.tasks import match_run_start_task
from tests.faults.conftest import assert_lists_consistent
from tests.worker import wait_until

pytestmark = [
    pytest.mark.worker,
    pytest.mark.fault,
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="restarts the PostgreSQL server (DATABASE_URL)"
    ),
]


def cluster_control(action: str) -> None:
    """Stop or start the local PostgreSQL cluster (Debian's pg_ctlcluster)."""
    versions = sorted(p.name for p in Path("/etc/postgresql").glob("*"))
    if not versions or not shutil.which("pg_ctlcluster"):
        pytest.skip("no local PostgreSQL cluster to restart (pg_ctlcluster)")
    command = ["pg_ctlcluster", "--skip-systemctl-redirect", versions[-1], "main", action]
    subprocess.run(command, check=True, capture_output=True, timeout=60)


def database_restart(down_for: float) -> None:
    connections.close_all()
    try:
        cluster_control("stop")
        time.sleep(down_for)
    finally:
        cluster_control("start")  # whatever happened: the rest of the suite needs it
    connections.close_all()


def test_a_run_survives_a_database_restart(demo_population, fault_workers):
    worker = fault_workers.start(FAULT_BLOCK_DELAY=1)
    match_run_start_task.delay()
    scoring = MatchBlock.objects.filter(status=MatchBlock.Status.RUNNING, run__blocks_done__gte=2)
    wait_until(scoring.exists, 60, worker, "2 blocks done and one being scored")

    database_restart(down_for=2)
    restarted = time.monotonic()

    run = MatchRun.objects.filter(kind=MatchRun.Kind.FULL).latest("id")
    complete = MatchRun.objects.filter(pk=run.pk, status=MatchRun.Status.COMPLETE)
    wait_until(complete.exists, 120, worker, f"completion of run {run.pk}")
    print(f"database restarted -> run complete: {time.monotonic() - restarted:.1f} s")
    print(f"retries: {worker.log().count(' retry: Retry in ')}")

    run.refresh_from_db()
    assert run.blocks_done == run.blocks_total
    assert set(SuggestionList.objects.values_list("run_id", flat=True)) == {run.pk}
    companies = set(matchable_companies().values_list("id", flat=True))
    assert set(SuggestionList.objects.values_list("company_id", flat=True)) == companies
    assert_lists_consistent()
