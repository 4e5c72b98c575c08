"""Whole responses kept in the shared cache, valid only at the versions of what they
were built from (``alliance.versions``): the suggestions API, the suggestions page and
the directory, the reads members repeat most (issue #7's load targets).

A response is kept per member and request (path, query, language, and for pages the
CSRF secret that the page's forms carry), with the versions of the platform and of the
member that were current before it was built. Any write that such a response depends
on renews one of them, so a kept response is never served after it went stale. Reading
one is one round trip to the cache: the versions and the response together.
``RESPONSE_CACHE_SECONDS`` bounds how long an unused one is kept (0 turns this off).

Only answers of 200 are kept, and a view keeps only what it may: a page that shows a
run in progress or a flash message is not kept.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.utils.translation import get_language

from alliance import versions


def enabled() -> bool:
    return settings.RESPONSE_CACHE_SECONDS > 0


@dataclass
class Lookup:
    """A response to look up (``read``): then its content if kept and still valid, and
    what keeping the response built now takes (``keep``)."""

    key: str
    scopes: tuple[str, ...]
    at: tuple[str, ...] = ()
    content: bytes | None = None

    def cache_keys(self) -> list[str]:
        """What ``read`` reads, for reading it ahead with other keys."""
        return versions.cached_keys(self.key, self.scopes)

    def read(self, found: dict[str, Any] | None = None) -> Lookup:
        """Look it up (``found``: the values of ``cache_keys``, read ahead)."""
        self.content, self.at = versions.cached_get(self.key, self.scopes, found)
        return self

    def keep(self, content: bytes) -> None:
        versions.cached_set(self.key, content, self.at, settings.RESPONSE_CACHE_SECONDS)


def response_lookup(*, kind: str, user_id: int, parts: Iterable[str]) -> Lookup:
    """The response of ``kind`` for this user and these request parts, to ``read``."""
    digest = hashlib.sha256("\x1f".join(parts).encode()).hexdigest()
    return Lookup(
        key=f"response:{kind}:{user_id}:{digest}",
        scopes=(versions.PLATFORM, versions.user_scope(user_id)),
    )


def kept_page(kind: str):
    """Marks a page view that keeps its page as ``kind``: its user and page are read
    ahead, in one round trip (``alliance.page_ahead``)."""

    def mark(view):
        view.kept_page = kind
        return view

    return mark


def page_lookup(request, *, kind: str, user_id=None, read: bool = True) -> Lookup | None:
    """A signed-in member's page in the cache (read, unless ``read`` is False), or None
    if it must be rendered now: the cache is off, a flash message waits to be shown, or
    the browser has no CSRF cookie yet. The page's forms carry tokens made from that
    cookie: the lookup holds it, so another cookie (another browser, a new sign-in)
    finds nothing."""
    csrf_secret = request.COOKIES.get(settings.CSRF_COOKIE_NAME)
    if not enabled() or not csrf_secret or len(messages.get_messages(request)):
        return None
    user_id = request.user.pk if user_id is None else user_id
    lookup = response_lookup(
        kind=kind, user_id=user_id, parts=[get_language(), request.get_full_path(), csrf_secret]
    )
    if not read:
        return lookup
    from alliance.page_ahead import found_for

    return lookup.read(found_for(user_id))


def page_keepable(request) -> bool:
    """Whether a page just rendered may be kept: its forms were signed with the cookie
    the browser sent (not with one this response sets)."""
    return request.META.get("CSRF_COOKIE") == request.COOKIES.get(settings.CSRF_COOKIE_NAME)
