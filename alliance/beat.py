"""celery beat with a heartbeat: the dashboard (and the container healthcheck) can tell
whether beat is alive, which a ping cannot (beat does not answer pings).

Configured by ``CELERY_BEAT_SCHEDULER``; ``tick`` records the heartbeat at most every
``BEAT_HEARTBEAT_EVERY`` seconds and makes beat wake up at least that often.
"""

from __future__ import annotations

import logging
import time

from celery.beat import PersistentScheduler

logger = logging.getLogger(__name__)


class HeartbeatScheduler(PersistentScheduler):
    """``PersistentScheduler`` that also records ``Heartbeat(name="beat")``; a database
    error is logged and beat goes on with its schedule."""

    _heartbeat_at = float("-inf")  # time.monotonic() of the last attempt

    def tick(self, *args, **kwargs) -> float:
        from django.conf import settings

        every = settings.BEAT_HEARTBEAT_EVERY
        if time.monotonic() - self._heartbeat_at >= every:
            self._heartbeat_at = time.monotonic()
            try:
                _heartbeat()
            except Exception:  # a database hiccup must not stop the schedule
                logger.exception("beat could not record its heartbeat")
        return min(super().tick(*args, **kwargs), every)


def _heartbeat() -> None:
    import django
    from django.apps import apps
    from django.db import close_old_connections

    # ``celery beat`` has Django set up by Celery's Django fixup (at import_modules);
    # this only covers a scheduler started some other way.
    if not apps.ready:
        django.setup()
    from alliance.dashboard.health import heartbeat_record

    close_old_connections()  # beat lives for months: never reuse a dead connection
    heartbeat_record()
