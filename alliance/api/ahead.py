"""Reading ahead: what a request will read from the cache, and its count against the
member's rate limit, in the round trip that authenticates it.

A kept answer (``alliance.response_cache``) costs round trips to the cache: the
credential, the rate count, the versions and the answer. Round trips, not Python, were
most of the suggestions API's time under load (issue #7). A view that keeps its answers
puts an ``Ahead`` on the request before authentication. The token's authentication
knows, from an earlier request in this process, which user the token belongs to (a
token never changes owner) and reads the credential, counts the user's rate and reads
the view's keys in one pipeline. The credential is then checked exactly as without
this; the rest is used only if it turns out to be that user's (``found_for``,
``counted_for``); the throttle and the view do their own reads otherwise.
"""

from __future__ import annotations

from collections.abc import Callable

from rest_framework import throttling

ATTRIBUTE = "_kyoso_ahead"


class Ahead:
    def __init__(self, view, reads_for: Callable[[int], list[str]]) -> None:
        self.view = view
        self.reads_for = reads_for
        self.user_id: int | None = None
        self.found: dict = {}
        self.counted: dict[str, tuple[int, float]] = {}

    def counter_for(self, user_id: int) -> tuple[str, int] | None:
        """The key and window of the user's rate count (None: no user rate)."""
        for throttle in self.view.get_throttles():
            if isinstance(throttle, throttling.UserRateThrottle) and throttle.rate is not None:
                ident = throttle.cache_format % {"scope": throttle.scope, "ident": user_id}
                return f"{ident}:count", throttle.duration
        return None

    def settle(self, user_id: int, found: dict, counted: dict[str, tuple[int, float]]) -> None:
        self.user_id, self.found, self.counted = user_id, found, counted

    def found_for(self, user_id: int) -> dict | None:
        return self.found if self.user_id is not None and self.user_id == user_id else None

    def counted_for(self, user_id: int, key: str) -> tuple[int, float] | None:
        if self.user_id is None or self.user_id != user_id:
            return None
        return self.counted.get(key)


def ahead_of(request) -> Ahead | None:
    return getattr(request, ATTRIBUTE, None)
