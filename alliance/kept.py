"""Answers kept in the shared cache, with ``ETag``s, for the reads members repeat.

The rule (README, "Kept answers"): a page that shows per-member state is kept with one
call, ``@kept_page("name")`` above its other decorators; an API view calls
``kept_answer(...).answer(...)``. Its key names what it was built from, so a write
never looks for the answers it makes stale: the language, the path and query, (pages)
the CSRF cookie its forms are signed with, and the **versions** ``profiles`` (every
public profile), ``lists`` (every current list, and runs under way) and ``user:<id>``
(the member's own rows and their companies'): random tokens in the cache, renewed by
``*_changed`` below, at once and again at commit. The services call these; the
receivers in ``partners.receivers`` do for rows saved one by one elsewhere (the admin);
a write round both (``QuerySet.update``, raw SQL) must call them itself.

Reading a kept answer asks the database nothing: the versions and the answer are one
read of the cache (``kept_answer``), after the session or token. A client that
sends ``If-None-Match`` gets ``304`` (``django.views.decorators.http.condition``);
``Cache-Control: private, no-cache``. ``RESPONSE_CACHE_SECONDS`` bounds how long an
unused answer stays (0: nothing kept, ``ETag``s stay).
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import partial, wraps

from django.conf import settings
from django.contrib import messages
from django.core.cache import cache
from django.db import transaction
from django.http import HttpResponse
from django.utils.cache import add_never_cache_headers, patch_cache_control, patch_vary_headers
from django.utils.translation import get_language
from django.views.decorators.http import condition

PROFILES = "profiles"
LISTS = "lists"
_VERSION = "kept:version:"


def user_scope(user_id: int) -> str:
    return f"user:{user_id}"


def profiles_changed() -> None:
    """Any company's public profile or visibility changed (every list may show it)."""
    _bump([PROFILES])


def lists_changed() -> None:
    """Some company's current list moved, or a run started (``matching`` services)."""
    _bump([LISTS])


def companies_changed(company_ids: Iterable[int]) -> None:
    """These companies' rows changed (dismissals, saves, interests, team): their members'."""
    from partners.models import Membership

    ids = list(company_ids)
    if ids:
        members = Membership.objects.filter(company_id__in=ids).values_list("user_id", flat=True)
        users_changed(set(members))


def users_changed(user_ids: Iterable[int]) -> None:
    """These members' own rows changed (account, notifications, memberships)."""
    _bump([user_scope(pk) for pk in user_ids])


def _bump(scopes: list[str]) -> None:
    if scopes:
        keys = [_VERSION + scope for scope in scopes]
        _renew(keys)
        transaction.on_commit(partial(_renew, keys), robust=True)


def _renew(keys: list[str]) -> None:
    cache.set_many({key: secrets.token_hex(8) for key in keys}, timeout=None)


def versions(scopes: list[str], found: dict | None = None) -> list[str]:
    """The current version of each scope (one is made if missing), read or ``found``."""
    keys = [_VERSION + scope for scope in scopes]
    found = cache.get_many(keys) if found is None else found
    for key in keys:
        if key not in found:
            cache.add(key, secrets.token_hex(8), timeout=None)
            found[key] = cache.get(key)
    return [found[key] for key in keys]


def member_scopes(user_id: int) -> list[str]:
    return [PROFILES, LISTS, user_scope(user_id)]


@dataclass(frozen=True)
class Kept:
    """Where a member's answer is kept, the versions it is kept at, its ``ETag`` (of
    the request and those versions) and, if kept at them, its content and type."""

    key: str
    at: tuple[str, ...]
    etag: str
    found: tuple[bytes, str] | None

    def answer(
        self, request, build: Callable[[], HttpResponse], *, vary: Iterable[str] = ("Cookie",)
    ) -> HttpResponse:
        """``304`` if the client holds this answer, else the kept bytes, else ``build()``
        (kept if it is a 200 the view did not mark ``response.kept = False``). ``vary``:
        the request headers besides the language that change the answer."""

        def respond(request, *args, **kwargs) -> HttpResponse:
            if self.found is not None:
                content, content_type = self.found
                return HttpResponse(content, content_type=content_type)
            response = build()
            if response.status_code != 200 or not getattr(response, "kept", True):
                add_never_cache_headers(response)  # never revalidated against this ETag
            elif _seconds():
                entry = (self.at, response.content, response["Content-Type"])
                cache.set(self.key, entry, _seconds())
            return response

        response = condition(etag_func=lambda request, *a, **k: self.etag)(respond)(request)
        patch_cache_control(response, private=True)
        if not response.has_header("Expires"):  # not marked never to be cached above
            patch_cache_control(response, no_cache=True)
        patch_vary_headers(response, [*vary, "Accept-Language"])
        return response


def kept_answer(request, *, kind: str, user_id: int, parts: Iterable[object] = ()) -> Kept:
    """The member's answer of ``kind`` to this request, with the view's own ``parts``:
    its versions and the answer kept for it are read in one round trip."""
    stamp = [kind, str(user_id), get_language() or "", request.get_full_path(), *parts]
    key = f"kept:{kind}:{user_id}:{_digest(stamp)}"
    scopes = member_scopes(user_id)
    found = cache.get_many([*(_VERSION + scope for scope in scopes), key])
    at = tuple(versions(scopes, found))
    entry = found.get(key) if _seconds() else None
    return Kept(
        key=key,
        at=at,
        etag=f'"{_digest([key, *at])[:32]}"',
        found=entry[1:] if entry is not None and entry[0] == at else None,
    )


def _digest(parts: Iterable[object]) -> str:
    return hashlib.sha256("\x1f".join(str(part) for part in parts).encode()).hexdigest()


def kept_page(kind: str):
    """Keep a signed-in member's page (``GET``), with ``ETag``: the one call a page
    needs. Put it above ``login_required``: anonymous requests pass through. A view
    that must not be kept this time (a run's progress) sets ``response.kept = False``."""

    def decorate(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            kept = _page(request, kind)
            if kept is None:
                response = view(request, *args, **kwargs)
                if request.user.is_authenticated:
                    patch_cache_control(response, private=True)
                return response
            return kept.answer(request, lambda: _signed(request, view(request, *args, **kwargs)))

        return wrapper

    return decorate


def _page(request, kind: str) -> Kept | None:
    csrf_secret = request.COOKIES.get(settings.CSRF_COOKIE_NAME)
    if (
        request.method not in ("GET", "HEAD")
        or not request.user.is_authenticated
        or not csrf_secret
        or len(messages.get_messages(request))  # a flash message waits to be shown
    ):
        return None
    return kept_answer(request, kind=kind, user_id=request.user.pk, parts=[csrf_secret])


def _signed(request, response: HttpResponse) -> HttpResponse:
    """A page whose forms were signed with a new CSRF cookie (set by this response) is
    not kept under the old one."""
    if request.META.get("CSRF_COOKIE") != request.COOKIES.get(settings.CSRF_COOKIE_NAME):
        response.kept = False
    return response


def _seconds() -> int:
    return settings.RESPONSE_CACHE_SECONDS
