"""Rate limits per user and per scope: DRF's throttle classes, counting in a window.

They are DRF's ``UserRateThrottle``, ``AnonRateThrottle`` and ``ScopedRateThrottle``
(their cache keys, scopes and rates) with two documented extension points replaced:

- the rates are read from settings on every request (DRF copies
  ``DEFAULT_THROTTLE_RATES`` once, when the class is defined), so settings and tests
  can change them;
- ``allow_request`` and ``wait`` count requests in a window that opens with the first
  one and lasts the rate's period, with the cache's atomic ``add`` and ``incr``. DRF's
  own count keeps the time of every request of the period in one cached list, read and
  written whole each time: at 1,000 an hour a list of up to 1,000 times, and two
  processes writing it at once lose each other's requests.

Every answer counts, a kept one (``alliance.kept``) and a ``304`` included: DRF checks
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
        if self.cache.add(self.key, 1, self.duration):  # the first hit opens a window
            self.cache.set(f"{self.key}:start", self.now, self.duration)
            return True
        try:
            count = self.cache.incr(self.key)
        except ValueError:  # the window closed just now: this hit opens the next one
            self.cache.set(self.key, 1, self.duration)
            self.cache.set(f"{self.key}:start", self.now, self.duration)
            count = 1
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
