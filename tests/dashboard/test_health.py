"""The background processes' health, against real processes: a worker answers the ping,
a real celery beat leaves its heartbeat (and outlives a dead database), the broker counts
waiting tasks, and a dead broker is reported quickly instead of hanging the page.

Timeouts are generous: the machine may be busy with other test runs.
"""

import json
import os
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.test import override_settings
from django.utils import timezone

from alliance.beat import HeartbeatScheduler
from alliance.celery import app
from alliance.dashboard import health
from alliance.settings.base import filesystem_broker_options
from matching.models import Heartbeat
from tests.factories import UserFactory
from tests.worker import _queue_delete, _worker_environment, database_url

CLOSED_BROKER = "redis://127.0.0.1:1/0"  # nothing listens on port 1
CLOSED_DATABASE = "postgres://postgres@127.0.0.1:1/kyoso"
PROCESS_TIMEOUT = 90
BEAT_TIMEOUT = 60

# ``health.<call>`` in a fresh Django process; prints its value (dataclasses as dicts)
# and the seconds the call took, as JSON. argv[1]: broker transport options to use.
PROBE = """
import dataclasses, json, sys, time
import django
django.setup()
from alliance.celery import app
from alliance.dashboard import health
options = json.loads(sys.argv[1])
if options:
    app.conf.broker_transport_options = options
started = time.monotonic()
value = {call}
seconds = time.monotonic() - started
as_json = lambda o: dataclasses.asdict(o) if dataclasses.is_dataclass(o) else str(o)
print(json.dumps({{"value": value, "seconds": seconds}}, default=as_json))
"""


def _health_in_a_process(
    call: str, *, transport_options: dict | None = None, **environment: str
) -> tuple[object, float]:
    """The JSON value of ``health.<call>`` in a process of its own (the test settings and
    database, and ``environment``), and the seconds the call took there."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "alliance.settings.test",
        "DATABASE_URL": database_url(connection.settings_dict),
        **environment,
    }
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    result = subprocess.run(
        [sys.executable, "-c", PROBE.format(call=f"health.{call}"),
         json.dumps(transport_options or {})],
        cwd=settings.BASE_DIR, env=env, capture_output=True, text=True, timeout=PROCESS_TIMEOUT,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr[-3000:]
    answer = json.loads(result.stdout.strip().splitlines()[-1])
    return answer["value"], answer["seconds"]


# --- Workers ---------------------------------------------------------------------------


@pytest.mark.worker
def test_the_running_worker_answers_the_ping(live_worker):
    workers, error = health.workers_ping(timeout=5)
    assert error == ""
    assert any(name.startswith(f"{live_worker.queue}@") for name in workers), workers


@pytest.fixture
def broker_without_workers(tmp_path) -> dict:
    """Transport options giving the test run's broker a namespace of this test's own,
    where no worker listens (not even another test run's): other folders on the
    filesystem broker, a key prefix on Redis."""
    if settings.CELERY_BROKER_URL.startswith("filesystem://"):
        options = filesystem_broker_options(tmp_path / "broker")
        for key in ("data_folder_in", "control_folder"):
            Path(options[key]).mkdir(parents=True, exist_ok=True)
        yield options
        return
    if not settings.CELERY_BROKER_URL.startswith(("redis://", "rediss://")):
        pytest.skip("a broker namespace of its own is made for filesystem and Redis only")
    prefix = f"kyoso-health-{uuid.uuid4().hex[:8]}:"
    yield {**(app.conf.broker_transport_options or {}), "global_keyprefix": prefix}
    with app.connection_for_write() as broker:
        client = broker.default_channel.client
        for key in client.scan_iter(match=f"{prefix}*"):
            client.delete(key)


def test_no_worker_means_no_answer_within_the_timeout(broker_without_workers):
    (workers, error), seconds = _health_in_a_process(
        "workers_ping(timeout=1)", transport_options=broker_without_workers
    )
    assert workers == [] and error == ""
    assert 0.9 <= seconds < 10  # it waits the timeout for answers, and not much longer


# --- Queue -----------------------------------------------------------------------------


@pytest.fixture
def queue():
    """A queue of this test's own that no worker consumes; deleted afterwards."""
    name = f"kyoso-health-{uuid.uuid4().hex[:8]}"
    yield name
    with app.connection_for_write() as broker:
        broker.default_channel.queue_purge(name)
    _queue_delete(name)


@pytest.mark.filterwarnings("ignore::celery.exceptions.AlwaysEagerIgnored")  # sent for real
def test_the_queue_length_counts_messages_nobody_took(queue):
    assert health.queue_length(queue=queue, timeout=5) == (0, "")  # never used yet
    for _ in range(3):
        app.send_task("matching.tasks.match_runs_cleanup_task", queue=queue)
    assert health.queue_length(queue=queue, timeout=5) == (3, "")
    with app.connection_for_write() as broker:
        broker.default_channel.queue_purge(queue)
    assert health.queue_length(queue=queue, timeout=5) == (0, "")


def test_the_queue_length_reads_the_default_queue():
    queued, error = health.queue_length(timeout=5)
    assert isinstance(queued, int) and error == ""


# --- Beat ------------------------------------------------------------------------------


@override_settings(BEAT_ALIVE_WITHIN=60)
def test_beat_is_alive_when_seen_lately(db):
    assert health.beat_status() == (None, False)
    health.heartbeat_record()
    seen, alive = health.beat_status()
    assert alive and timezone.now() - seen < timedelta(seconds=5)
    assert health.beat_status(now=seen + timedelta(seconds=60)) == (seen, True)
    assert health.beat_status(now=seen + timedelta(seconds=61)) == (seen, False)
    Heartbeat.objects.update(seen_at=timezone.now() - timedelta(seconds=61))
    assert health.beat_status()[1] is False


@override_settings(BEAT_HEARTBEAT_EVERY=60)
def test_the_scheduler_beats_at_most_once_an_interval(transactional_db, tmp_path):
    scheduler = HeartbeatScheduler(app=app, schedule_filename=str(tmp_path / "schedule"))
    try:
        assert scheduler.tick() <= 60  # and beat sleeps no longer than that
        seen = Heartbeat.objects.get(name="beat").seen_at
        scheduler.tick()
        assert Heartbeat.objects.get(name="beat").seen_at == seen
    finally:
        scheduler.close()


@pytest.fixture
def beat_start(tmp_path) -> Callable:
    """Start ``celery -A alliance beat`` as Procfile.dev does (plus a schedule file and a
    queue of this test's own, a heartbeat every second); stopped after the test."""
    started: list[subprocess.Popen] = []
    queue = f"kyoso-health-beat-{uuid.uuid4().hex[:8]}"

    def start(**environment: str) -> tuple[subprocess.Popen, Path]:
        log_path = tmp_path / f"beat-{len(started)}.log"
        env = {**_worker_environment(tmp_path, queue), "BEAT_HEARTBEAT_EVERY": "1", **environment}
        with log_path.open("wb") as log:
            process = subprocess.Popen(
                [sys.executable, "-m", "celery", "-A", "alliance", "beat", "--loglevel=INFO",
                 f"--schedule={tmp_path / 'schedule'}", f"--pidfile={tmp_path / 'beat.pid'}"],
                cwd=settings.BASE_DIR, env=env, stdin=subprocess.DEVNULL, stdout=log,
                stderr=subprocess.STDOUT, start_new_session=True,
            )  # fmt: skip
        started.append(process)
        return process, log_path

    yield start
    for process in started:
        for sig in (signal.SIGTERM, signal.SIGKILL):
            try:
                os.killpg(process.pid, sig)
                process.wait(timeout=15)
                break
            except ProcessLookupError:
                break
            except subprocess.TimeoutExpired:
                continue
    _queue_delete(queue)  # in case beat sent a periodic task


def _wait_for(condition: Callable[[], object], beat: subprocess.Popen, log: Path, what: str):
    """Poll ``condition`` until it is true (and return it); fail with beat's log if not."""
    deadline = time.monotonic() + BEAT_TIMEOUT
    while not (value := condition()):
        output = log.read_text(errors="replace")[-3000:]
        if beat.poll() is not None:
            pytest.fail(f"celery beat exited while waiting for {what}:\n{output}")
        if time.monotonic() > deadline:
            pytest.fail(f"No {what} from celery beat after {BEAT_TIMEOUT}s:\n{output}")
        time.sleep(0.2)
    return value


def test_a_real_beat_records_its_heartbeat(transactional_db, beat_start):
    beat, log = beat_start()
    first = _wait_for(lambda: Heartbeat.objects.filter(name="beat").first(), beat, log, "beat")
    assert health.beat_status()[1] is True
    _wait_for(  # and keeps beating (every second here)
        lambda: Heartbeat.objects.get(name="beat").seen_at > first.seen_at, beat, log, "2nd beat"
    )
    assert "HeartbeatScheduler" in log.read_text()


def test_beat_outlives_a_database_that_does_not_answer(beat_start):
    beat, log = beat_start(DATABASE_URL=CLOSED_DATABASE)
    failures = "beat could not record its heartbeat"
    _wait_for(lambda: log.read_text().count(failures) >= 2, beat, log, "2 failed heartbeats")
    assert beat.poll() is None  # still running its schedule


# --- All together ----------------------------------------------------------------------


def test_an_unreachable_broker_is_reported_quickly(transactional_db):
    (state, (workers, ping_error)), seconds = _health_in_a_process(
        "platform_health(timeout=1), health.workers_ping(timeout=1)",
        CELERY_BROKER_URL=CLOSED_BROKER,
    )
    assert seconds < 10  # no retry loop, no hang
    assert state["queued"] is None and state["workers"] == []
    assert state["beat_alive"] is False  # the database still answers
    assert "refused" in state["error"].lower()
    assert workers == [] and "refused" in ping_error.lower()


def test_the_status_fragment_tells_staff_what_it_found(client, db):
    health.heartbeat_record()
    client.force_login(UserFactory(is_staff=True))
    page = client.get("/en/dashboard/status/?partial=1").content.decode()
    assert 'data-health="workers"' in page and 'data-health="queue"' in page
    assert "The scheduler (celery beat) is alive" in page
    assert "<html" not in page  # a fragment for the page's script
    whole = client.get("/en/dashboard/status/").content.decode()
    assert "<html" in whole and "Start a full recompute" in whole


def test_polling_pages_share_one_answer_for_a_few_seconds(client, db):
    client.force_login(UserFactory(is_staff=True))
    first = client.get("/en/dashboard/status/?partial=1").content.decode()
    assert "has never been seen" in first
    health.heartbeat_record()  # beat appears, but the answer of a moment ago still holds
    assert "has never been seen" in client.get("/en/dashboard/status/?partial=1").content.decode()
