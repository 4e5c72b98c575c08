"""Rate limits per user and per scope, with rates read from settings on every request.

DRF's throttles copy ``DEFAULT_THROTTLE_RATES`` once, when the class is defined;
reading them each time lets the settings (and tests) change them.
"""

from rest_framework import throttling
from rest_framework.settings import api_settings


class _CurrentRates:
    @property
    def THROTTLE_RATES(self) -> dict:  # noqa: N802 (DRF's attribute name)
        return api_settings.DEFAULT_THROTTLE_RATES


class UserRateThrottle(_CurrentRates, throttling.UserRateThrottle):
    """Every request of one signed-in user, at the rate ``user``."""


class AnonRateThrottle(_CurrentRates, throttling.AnonRateThrottle):
    """Requests without credentials (the schema and the docs), per address, at ``anon``."""


class ScopedRateThrottle(_CurrentRates, throttling.ScopedRateThrottle):
    """Requests of one user to the views sharing a ``throttle_scope`` (e.g. ``import``)."""
