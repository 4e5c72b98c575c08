"""Kyoso's own system checks (``manage.py check``)."""

from django.conf import settings
from django.core.checks import Tags, Warning, register

PROCESS_LOCAL_CACHES = (
    "django.core.cache.backends.locmem.LocMemCache",
    "django.core.cache.backends.dummy.DummyCache",
)


@register(Tags.security, Tags.caches, deploy=True)
def shared_cache_check(app_configs, **kwargs):
    """In production the throttles and login limits must count across processes."""
    backend = settings.CACHES["default"]["BACKEND"]
    if backend in PROCESS_LOCAL_CACHES:
        return [
            Warning(
                "The default cache is kept in each process's memory, so API throttles "
                "and login rate limits apply per process, not per site.",
                hint="Set CACHE_URL to a Redis URL, e.g. redis://redis:6379/1.",
                id="kyoso.W001",
            )
        ]
    return []
