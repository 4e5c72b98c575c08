"""Are the background processes alive? Workers answer a ping; beat leaves a heartbeat;
the broker says how many tasks wait.

Every call has a timeout, so that a dead broker or worker makes the dashboard say so
instead of hanging it.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.utils import timezone

from alliance.celery import app

logger = logging.getLogger(__name__)

BEAT = "beat"


@dataclass(frozen=True)
class Health:
    workers: tuple[str, ...]  # names of the workers that answered the ping
    beat_seen_at: datetime | None
    beat_alive: bool
    queued: int | None  # tasks waiting in the default queue; None: the broker did not answer
    error: str  # what went wrong talking to the broker ("" if nothing)


def workers_ping(*, timeout: float, broker_url: str | None = None) -> tuple[tuple[str, ...], str]:
    """Names of the workers that answer within ``timeout`` seconds, and an error text."""
    try:
        with app.connection_for_write(url=broker_url, connect_timeout=timeout) as connection:
            replies = app.control.ping(timeout=timeout, connection=connection) or []
    except Exception as error:  # noqa: BLE001  (any broker failure: report it, never raise)
        return (), f"{type(error).__name__}: {error}"
    names = sorted(name for reply in replies for name in reply)
    return tuple(names), ""


def heartbeat_record(name: str = BEAT) -> None:
    """Record that process ``name`` is alive now."""
    from matching.models import Heartbeat

    Heartbeat.objects.update_or_create(name=name, defaults={"seen_at": timezone.now()})


def beat_status(*, now: datetime | None = None) -> tuple[datetime | None, bool]:
    """When beat was last seen, and whether that is recent enough to call it alive."""
    from matching.models import Heartbeat

    now = now or timezone.now()
    seen = Heartbeat.objects.filter(name=BEAT).values_list("seen_at", flat=True).first()
    alive = seen is not None and now - seen <= timedelta(seconds=settings.BEAT_ALIVE_WITHIN)
    return seen, alive


def queue_length(
    *, queue: str | None = None, timeout: float, broker_url: str | None = None
) -> tuple[int | None, str]:
    """Messages waiting in ``queue`` (default: the tasks' default queue), and an error
    text; None when the broker cannot be reached within about ``timeout`` seconds."""
    name = queue or app.conf.task_default_queue
    try:
        with app.connection_for_read(url=broker_url, connect_timeout=timeout) as connection:
            connection.ensure_connection(max_retries=1, interval_start=0, timeout=timeout)
            channel = connection.default_channel
            try:
                return channel.queue_declare(queue=name, passive=True).message_count, ""
            except connection.channel_errors:
                return 0, ""  # no such queue yet: nothing was ever sent to it
    except Exception as error:  # noqa: BLE001  (any broker failure: report it, never raise)
        return None, f"{type(error).__name__}: {error}"


def platform_health(*, timeout: float | None = None, broker_url: str | None = None) -> Health:
    """Workers, beat and the queue, each within ``timeout`` (``HEALTH_PING_TIMEOUT``), on
    the app's broker (or ``broker_url``)."""
    timeout = settings.HEALTH_PING_TIMEOUT if timeout is None else timeout
    queued, queue_error = queue_length(timeout=timeout, broker_url=broker_url)
    if queued is None:
        workers, ping_error = (), ""  # no broker: no ping either (it would wait in vain)
    else:
        workers, ping_error = workers_ping(timeout=timeout, broker_url=broker_url)
    seen, alive = beat_status()
    return Health(
        workers=workers,
        beat_seen_at=seen,
        beat_alive=alive,
        queued=queued,
        error=queue_error or ping_error,
    )
