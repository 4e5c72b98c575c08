"""The background processes' health, against real processes: a worker answers the ping,
a real celery beat leaves its heartbeat, the broker counts waiting tasks, and a dead
broker is reported quickly instead of hanging the page."""

import os
import subprocess
import sys
import time
import uuid
from datetime import timedelta

import pytest
from django.conf import settings
from django.test import override_settings
from django.utils import timezone

from alliance.celery import app
from alliance.dashboard import health
from matching.models import Heartbeat
from tests.factories import UserFactory
from tests.worker import _worker_environment, wait_until


@pytest.mark.worker
def test_the_running_worker_answers_the_ping(live_worker):
    workers, error = health.workers_ping(timeout=5)
    assert error == ""
    assert any(name.startswith(f"{live_worker.queue}@") for name in workers), workers


def test_the_ping_waits_no_longer_than_its_timeout(db):
    started = time.monotonic()
    _workers, error = health.workers_ping(timeout=0.5)
    assert error == "" and time.monotonic() - started < 3


@pytest.fixture
def queue():
    """A queue of this test's own, that no worker consumes; emptied afterwards."""
    name = f"kyoso-health-{uuid.uuid4().hex[:8]}"
    yield name
    with app.connection_for_write() as broker:
        try:
            broker.default_channel.queue_purge(name)
            broker.default_channel.queue_delete(name)
        except broker.channel_errors:
            pass


@pytest.mark.filterwarnings("ignore::celery.exceptions.AlwaysEagerIgnored")  # sent for real
def test_the_queue_length_counts_messages_nobody_took(db, queue):
    assert health.queue_length(queue=queue, timeout=2) == (0, "")
    for _ in range(3):
        app.send_task("matching.tasks.match_runs_cleanup_task", queue=queue)
    assert health.queue_length(queue=queue, timeout=2) == (3, "")
    with app.connection_for_write() as broker:
        broker.default_channel.queue_purge(queue)
    assert health.queue_length(queue=queue, timeout=2) == (0, "")


@override_settings(BEAT_ALIVE_WITHIN=60)
def test_beat_is_alive_when_seen_lately(db):
    assert health.beat_status() == (None, False)
    health.heartbeat_record()
    seen, alive = health.beat_status()
    assert alive and timezone.now() - seen < timedelta(seconds=5)
    Heartbeat.objects.update(seen_at=timezone.now() - timedelta(seconds=61))
    assert health.beat_status()[1] is False


@pytest.mark.worker
def test_a_real_beat_leaves_its_heartbeat(live_worker, tmp_path):
    """``celery beat`` with the project's settings: the scheduler records it is alive."""
    env = {
        **_worker_environment(tmp_path, live_worker.queue),
        "BEAT_HEARTBEAT_EVERY": "1",
    }
    log = tmp_path / "beat.log"
    with log.open("wb") as output:
        beat = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "alliance", "beat", "--loglevel=INFO",
             f"--schedule={tmp_path / 'schedule'}", f"--pidfile={tmp_path / 'beat.pid'}"],
            cwd=settings.BASE_DIR, env=env, stdout=output, stderr=subprocess.STDOUT,
            start_new_session=True,
        )  # fmt: skip
    try:
        wait_until(
            lambda: Heartbeat.objects.filter(name="beat").exists(),
            60,
            live_worker,
            f"beat heartbeat (beat log: {log.read_text(errors='replace')[-2000:]})",
        )
        first = Heartbeat.objects.get(name="beat").seen_at
        assert health.beat_status()[1] is True
        # It keeps beating (every second here).
        wait_until(
            lambda: Heartbeat.objects.get(name="beat").seen_at > first, 30, live_worker, "2nd beat"
        )
    finally:
        os.killpg(beat.pid, 15)
        beat.wait(15)


def test_an_unreachable_broker_is_reported_quickly(db):
    started = time.monotonic()
    state = health.platform_health(timeout=1, broker_url="redis://127.0.0.1:1/0")  # closed port
    assert time.monotonic() - started < 10
    assert state.queued is None and state.workers == ()
    assert "refused" in state.error.lower() or "error" in state.error.lower()


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
