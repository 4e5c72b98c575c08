"""Reading ahead for kept pages: the signed-in user and the kept page in one round trip.

A kept page (``alliance.response_cache.page_lookup``) would cost three round trips to
the cache: the session, the signed-in user (``alliance.auth_backends``) and the page
with its versions. The session is read first (it names the user); this middleware then
reads the user's and the page's keys together, before the view runs, for views marked
``@kept_page(kind)``. The backend and ``page_lookup`` take what was read only for that
same user, and check versions exactly as they would have on their own.
"""

from __future__ import annotations

from contextvars import ContextVar

from django.contrib.auth import SESSION_KEY

from alliance import response_cache, versions
from alliance.cache import read_and_count

_AHEAD: ContextVar[tuple[str, dict] | None] = ContextVar("kyoso_page_ahead", default=None)


def found_for(user_id) -> dict | None:
    """What was read ahead in this request, if it was read for this user."""
    ahead = _AHEAD.get()
    return ahead[1] if ahead is not None and ahead[0] == str(user_id) else None


def user_keys(user_id) -> list[str]:
    """The cache keys that reading the signed-in user takes (``auth_backends``)."""
    return versions.cached_keys(f"signed-in:{user_id}", [versions.user_scope(user_id)])


class PageAheadMiddleware:
    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request):
        token = _AHEAD.set(None)
        try:
            return self.get_response(request)
        finally:
            _AHEAD.reset(token)

    def process_view(self, request, view_func, view_args, view_kwargs) -> None:
        kind = getattr(view_func, "kept_page", None)
        if kind is None or request.method != "GET":
            return None
        user_id = request.session.get(SESSION_KEY)
        if user_id is None:
            return None  # not signed in: the view sends them to sign in
        lookup = response_cache.page_lookup(request, kind=kind, user_id=user_id, read=False)
        if lookup is None:
            return None
        found, _counted = read_and_count([*user_keys(user_id), *lookup.cache_keys()])
        _AHEAD.set((str(user_id), found))
        return None
