"""A real Celery worker process for integration tests.

``celery_worker_process`` starts ``celery -A alliance worker`` once per test session,
against the test database and the test run's own broker queue, and stops it
(with every pool process) when the session ends. ``live_worker`` is what a test
asks for: it makes the test process send tasks to that worker instead of
running them in place, and commits the test's rows (``transactional_db``) so
that the worker can read them::

    @pytest.mark.worker
    def test_it_scores_in_the_background(live_worker): ...

The worker writes e-mail to files (``live_worker.emails()``) instead of the
in-process ``mail.outbox``. Locally it uses SQLite and the filesystem broker;
in CI, ``DATABASE_URL`` and ``CELERY_BROKER_URL`` give PostgreSQL and Redis.
"""

from __future__ import annotations

import email
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from email.message import Message
from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings
from django.db import connection
from kombu import Exchange, Queue

from alliance.celery import app

START_TIMEOUT = 60
STOP_TIMEOUT = 15
# Django's file backend ends each message with this line.
EMAIL_SEPARATOR = b"-" * 79 + b"\n"


@dataclass
class WorkerProcess:
    process: subprocess.Popen
    queue: str
    log_path: Path
    email_folder: Path

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")

    def emails(self) -> list[Message]:
        """E-mail the worker has finished sending so far, oldest first."""
        messages = []
        for path in sorted(self.email_folder.glob("*.log")):
            raw = path.read_bytes()
            if raw.endswith(EMAIL_SEPARATOR):  # else the worker is still writing it
                messages.append(email.message_from_bytes(raw.removesuffix(EMAIL_SEPARATOR)))
        return messages

    def wait_for_emails(self, count: int = 1, timeout: float = 60) -> list[Message]:
        wait_until(lambda: len(self.emails()) >= count, timeout, self, f"{count} e-mail(s)")
        return self.emails()


def wait_until(
    condition: Callable[[], bool], timeout: float, worker: WorkerProcess, what: str
) -> None:
    """Poll ``condition`` until it holds; fail with the worker's log if it never does."""
    deadline = time.monotonic() + timeout
    while not condition():
        if worker.process.poll() is not None:
            pytest.fail(f"The Celery worker exited while waiting for {what}:\n{worker.log()}")
        if time.monotonic() > deadline:
            pytest.fail(f"No {what} from the Celery worker after {timeout}s:\n{worker.log()}")
        time.sleep(0.2)


def database_url(settings_dict: dict) -> str:
    """A ``DATABASE_URL`` naming the database that ``settings_dict`` points at now."""
    engine = settings_dict["ENGINE"].rsplit(".", 1)[-1]
    if engine == "sqlite3":
        return f"sqlite:///{Path(settings_dict['NAME']).resolve()}"
    if engine == "postgresql":
        credentials = quote(settings_dict["USER"] or "", safe="")
        if settings_dict["PASSWORD"]:
            credentials += ":" + quote(settings_dict["PASSWORD"], safe="")
        host = settings_dict["HOST"] or "localhost"
        port = f":{settings_dict['PORT']}" if settings_dict["PORT"] else ""
        return f"postgres://{credentials}@{host}{port}/{quote(settings_dict['NAME'], safe='')}"
    raise NotImplementedError(f"No worker tests on the {engine} database backend.")


def _worker_environment(email_folder: Path, queue: str) -> dict[str, str]:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "alliance.settings.test",
        "DATABASE_URL": database_url(connection.settings_dict),
        "CELERY_BROKER_URL": settings.CELERY_BROKER_URL,
        "CELERY_TASK_DEFAULT_QUEUE": queue,
        "CELERY_TASK_ALWAYS_EAGER": "false",
        "TEST_EMAIL_FOLDER": str(email_folder),
        "PYTHONUNBUFFERED": "1",
    }


def _start(tmp_path: Path) -> WorkerProcess:
    queue = settings.CELERY_TASK_DEFAULT_QUEUE
    email_folder = tmp_path / "email"
    email_folder.mkdir()
    log_path = tmp_path / "worker.log"
    command = [
        sys.executable, "-m", "celery", "-A", "alliance", "worker",
        "--loglevel=INFO", "--pool=prefork", "--concurrency=2",
        "--queues", queue, "--hostname", f"{queue}@%h",
        "--without-mingle", "--without-gossip", "--without-heartbeat",
        "--include", "tests.worker_probe",
    ]  # fmt: skip
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            command,
            cwd=settings.BASE_DIR,
            env=_worker_environment(email_folder, queue),
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group: stopped with its pool
        )
    worker = WorkerProcess(process, queue, log_path, email_folder)
    wait_until(lambda: " ready." in worker.log(), START_TIMEOUT, worker, "ready message")
    return worker


def _stop(worker: WorkerProcess) -> None:
    """Warm shutdown, then kill whatever is left of its process group (pool processes)."""
    group = worker.process.pid
    for sig in (signal.SIGTERM, signal.SIGKILL):
        try:
            os.killpg(group, sig)
        except ProcessLookupError:
            break
        try:
            worker.process.wait(timeout=STOP_TIMEOUT)
        except subprocess.TimeoutExpired:
            continue


def _queue_delete(queue: str) -> None:
    """Leave no queue (nor its binding) of this run behind in the broker."""
    with app.connection_for_write() as broker:
        # Declared here first, so that this connection knows the bindings to remove.
        bound = Queue(queue, Exchange(queue), routing_key=queue).bind(broker.default_channel)
        bound.declare()
        bound.delete()
    control_folder = getattr(settings, "CELERY_BROKER_TRANSPORT_OPTIONS", {}).get("control_folder")
    if control_folder:
        (Path(control_folder) / f"{queue}.exchange").unlink(missing_ok=True)


def _wait_for_disconnection() -> None:
    """PostgreSQL refuses to drop a database that a closing worker still holds. The
    connection that asks is closed too: the session's teardown may run in another
    context than the tests (whose connection Django closes), and would leave it open."""
    if connection.vendor != "postgresql":
        return
    try:
        for _ in range(100):
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT count(*) FROM pg_stat_activity"
                    " WHERE datname = current_database() AND pid <> pg_backend_pid()"
                )
                if cursor.fetchone()[0] == 0:
                    return
            time.sleep(0.1)
    finally:
        connection.close()


@pytest.fixture(scope="session")
def celery_worker_process(
    django_db_setup, django_db_blocker, tmp_path_factory
) -> Iterator[WorkerProcess]:
    """One real worker for the session, started after the test database exists."""
    worker = _start(tmp_path_factory.mktemp("celery-worker"))
    try:
        yield worker
    finally:
        _stop(worker)
        _queue_delete(worker.queue)
        with django_db_blocker.unblock():
            _wait_for_disconnection()


@pytest.fixture
def live_worker(celery_worker_process: WorkerProcess, transactional_db) -> Iterator[WorkerProcess]:
    """The session's worker, with this test's tasks sent to it through the broker."""
    for path in celery_worker_process.email_folder.iterdir():
        path.unlink()
    eager = app.conf.task_always_eager
    app.conf.task_always_eager = False
    try:
        yield celery_worker_process
    finally:
        app.conf.task_always_eager = eager
