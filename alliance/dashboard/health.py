"""Are the background processes alive? Workers answer a ping; beat leaves a heartbeat
(alliance/beat.py); the broker says how many tasks wait.

Every call is bounded by a timeout, so that a dead broker or worker makes the
dashboard say so instead of hanging it; broker failures are returned as an error
text, never raised.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.utils import timezone
from kombu import Connection

from alliance.celery import app

logger = logging.getLogger(__name__)

BEAT = "beat"


@dataclass(frozen=True)
class Health:
    workers: tuple[str, ...]  # names of the workers that answered the ping, sorted
    beat_seen_at: datetime | None  # beat's last heartbeat; None: never seen
    beat_alive: bool  # seen within BEAT_ALIVE_WITHIN seconds
    queued: int | None  # tasks waiting in the default queue; None: the broker did not answer
    # What went wrong talking to the broker ("" if nothing): technical detail for
    # staff, as the broker client worded it (not translated).
    error: str


@contextmanager
def _broker(*, timeout: float, for_read: bool) -> Iterator[Connection]:
    """A connection to the app's broker, established (once, no retry loop) within
    about ``timeout`` seconds, or the broker client's error."""
    # Redis ignores ``connect_timeout``: its socket timeouts are transport options.
    options = {"socket_connect_timeout": timeout}
    if for_read:
        options["socket_timeout"] = timeout
    connect = app.connection_for_read if for_read else app.connection_for_write
    with connect(connect_timeout=timeout, transport_options=options) as connection:
        connection.ensure_connection(max_retries=1, interval_start=0, timeout=timeout)
        yield connection


def _failure(error: Exception) -> str:
    return f"{type(error).__name__}: {error}"


def workers_ping(*, timeout: float) -> tuple[tuple[str, ...], str]:
    """Names of the workers that answer a ping within ``timeout`` seconds (sorted), and
    an error text ("" if the broker answered). Waits the whole ``timeout``."""
    try:
        with _broker(timeout=timeout, for_read=False) as connection:
            replies = app.control.ping(timeout=timeout, connection=connection) or []
    except Exception as error:  # noqa: BLE001  (any broker failure: report it, never raise)
        logger.warning("The workers' ping failed: %s", _failure(error))
        return (), _failure(error)
    return tuple(sorted(name for reply in replies for name in reply)), ""


def queue_length(*, queue: str | None = None, timeout: float) -> tuple[int | None, str]:
    """Messages waiting in ``queue`` (default: the tasks' default queue), and an error
    text; None when the broker cannot be reached within about ``timeout`` seconds.
    A queue the broker does not know (nothing was ever sent to it) counts 0."""
    name = queue or app.conf.task_default_queue
    try:
        with _broker(timeout=timeout, for_read=True) as connection:
            try:
                declared = connection.default_channel.queue_declare(queue=name, passive=True)
            except connection.channel_errors:
                return 0, ""
            return declared.message_count, ""
    except Exception as error:  # noqa: BLE001  (any broker failure: report it, never raise)
        logger.warning("The broker did not count the queue %s: %s", name, _failure(error))
        return None, _failure(error)


def heartbeat_record(name: str = BEAT) -> None:
    """Record that process ``name`` is alive now."""
    from matching.models import Heartbeat

    Heartbeat.objects.update_or_create(name=name, defaults={"seen_at": timezone.now()})


def beat_status(*, now: datetime | None = None) -> tuple[datetime | None, bool]:
    """When beat was last seen, and whether that is within ``BEAT_ALIVE_WITHIN`` seconds
    of ``now`` (default: the current time)."""
    from matching.models import Heartbeat

    now = now or timezone.now()
    seen = Heartbeat.objects.filter(name=BEAT).values_list("seen_at", flat=True).first()
    alive = seen is not None and now - seen <= timedelta(seconds=settings.BEAT_ALIVE_WITHIN)
    return seen, alive


def platform_health(*, timeout: float | None = None) -> Health:
    """Workers, beat and the default queue; the broker's part takes about ``timeout``
    seconds (default ``HEALTH_PING_TIMEOUT``), the time the workers have to answer."""
    timeout = settings.HEALTH_PING_TIMEOUT if timeout is None else timeout
    queued, error = queue_length(timeout=timeout)
    workers: tuple[str, ...] = ()
    if queued is not None:  # no broker, no ping: it would only wait in vain
        workers, error = workers_ping(timeout=timeout)
    seen, alive = beat_status()
    return Health(workers=workers, beat_seen_at=seen, beat_alive=alive, queued=queued, error=error)
