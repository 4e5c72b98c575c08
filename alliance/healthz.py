"""``/healthz``: does this web process reach the database and the broker?

200 with ``{"database": "ok", "broker": "ok"}`` when both answer, 503 naming the one
that does not. For load balancers and the compose healthcheck: no sign-in, no
language prefix, no page around it, and no error details (they go to the log).
"""

import logging

from django.conf import settings
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from alliance.dashboard.health import queue_length

logger = logging.getLogger(__name__)


def _database() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except Exception:  # noqa: BLE001  (whatever it is, the database is not there)
        logger.exception("healthz: the database did not answer")
        return False


def _broker() -> bool:
    queued, error = queue_length(timeout=settings.HEALTH_PING_TIMEOUT)
    if queued is None:
        logger.error("healthz: the broker did not answer: %s", error)
    return queued is not None


@never_cache
@require_safe
def healthz(request):
    checks = {"database": _database(), "broker": _broker()}
    return JsonResponse(
        {name: "ok" if good else "unavailable" for name, good in checks.items()},
        status=200 if all(checks.values()) else 503,
    )
