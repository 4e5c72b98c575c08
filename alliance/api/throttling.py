"""Rate limits per user and per scope, with rates read from settings on every request.

DRF's throttles copy ``DEFAULT_THROTTLE_RATES`` once, when the class is defined;
reading them each time lets the settings (and tests) change them.

They count in a window that opens with the first request and lasts the rate's period
(``alliance.cache.read_and_count``: one round trip to the cache). DRF's own
throttles keep the time of every request of the period in one cached list, read and
written whole on each request: at 1,000 an hour that is a list of up to 1,000 times,
and two processes writing it at once lose each other's requests.
"""

from rest_framework import throttling
from rest_framework.settings import api_settings

from alliance.api.ahead import ahead_of
from alliance.cache import read_and_count


class _CurrentRates:
    @property
    def THROTTLE_RATES(self) -> dict:  # noqa: N802 (DRF's attribute name)
        return api_settings.DEFAULT_THROTTLE_RATES


class _Counted(throttling.SimpleRateThrottle):
    """At most ``num_requests`` in a window of ``duration`` seconds from the first."""

    def allow_request(self, request, view) -> bool:
        if self.rate is None:
            return True
        self.key = self.get_cache_key(request, view)
        if self.key is None:
            return True
        key = f"{self.key}:count"
        # Counted already, with the authentication (``alliance.api.ahead``)? Else count
        # now, and read what the view will read in the same round trip.
        ahead = ahead_of(request)
        user_id = request.user.pk
        counted = ahead.counted_for(user_id, key) if ahead else None
        if counted is None:
            reads = ahead.reads_for(user_id) if ahead and user_id and not ahead.found else []
            found, counts = read_and_count(reads, (key, self.duration))
            counted = counts[key]
            if reads:
                ahead.settle(user_id, found, {key: counted})
        count, self.left = counted
        return count <= self.num_requests

    def wait(self) -> float:
        """Seconds until the window closes (and requests are counted afresh)."""
        return self.left


class UserRateThrottle(_CurrentRates, throttling.UserRateThrottle, _Counted):
    """Every request of one signed-in user, at the rate ``user``."""


class AnonRateThrottle(_CurrentRates, throttling.AnonRateThrottle, _Counted):
    """Requests without credentials (the schema and the docs), per address, at ``anon``."""


class ScopedRateThrottle(_CurrentRates, throttling.ScopedRateThrottle, _Counted):
    """Requests of one user to the views sharing a ``throttle_scope`` (e.g. ``import``)."""
