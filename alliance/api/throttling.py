"""Rate limits: DRF's ``UserRateThrottle``, ``AnonRateThrottle`` and
``ScopedRateThrottle`` (their keys, scopes and rates) with two documented extension
points replaced: rates are read from settings on every request (DRF copies them once),
and ``allow_request``/``wait`` count in a window that opens with the first request and
lasts the rate's period, with the cache's atomic ``incr``. (DRF's own count keeps every
request's time in one cached list, read and written whole: two processes writing it
at once lose each other's requests.) Kept answers and ``304``s count too: DRF checks
throttles before the view runs.
"""

from django.core.cache import cache
from rest_framework import throttling
from rest_framework.settings import api_settings


class _CurrentRates:
    @property
    def THROTTLE_RATES(self) -> dict:  # noqa: N802 (DRF's attribute name)
        return api_settings.DEFAULT_THROTTLE_RATES


class _CountedInWindow(throttling.SimpleRateThrottle):
    """Last in each class's bases: DRF's ``ScopedRateThrottle.allow_request`` finds the
    view's scope and rate first, then calls this one."""

    cache = cache

    def allow_request(self, request, view) -> bool:
        if self.rate is None:
            return True
        self.key = self.get_cache_key(request, view)
        if self.key is None:
            return True
        self.now = self.timer()
        try:
            count = self.cache.incr(self.key)  # keeps the window's expiry
        except ValueError:  # no window open: this hit opens one (unless another just did)
            if self.cache.add(self.key, 1, self.duration):
                self.cache.set(f"{self.key}:start", self.now, self.duration)
                return True
            count = self.cache.incr(self.key)
        return count <= self.num_requests

    def wait(self) -> float:
        """Seconds until the window closes (and requests are counted afresh)."""
        start = self.cache.get(f"{self.key}:start", self.now)
        return max(start + self.duration - self.now, 0.0)


class UserRateThrottle(_CurrentRates, throttling.UserRateThrottle, _CountedInWindow):
    """Every request of one signed-in user, at the rate ``user``."""


class AnonRateThrottle(_CurrentRates, throttling.AnonRateThrottle, _CountedInWindow):
    """Requests without credentials (the schema and the docs), per address, at ``anon``."""


class ScopedRateThrottle(_CurrentRates, throttling.ScopedRateThrottle, _CountedInWindow):
    """Requests of one user to the views sharing a ``throttle_scope`` (e.g. ``import``)."""
