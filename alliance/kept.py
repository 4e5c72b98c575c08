"""Answers kept in the shared cache, and conditional GET, for the reads members repeat.

The rule (README, "Kept answers"): a page that shows per-member state is kept with one
call, ``@kept_page("name")`` above its other decorators; an API view calls
``kept_answer``. Nothing else is needed as long as every write goes through a service.

What an answer was built from is named in its key (and its ``ETag``), so a write never
has to find the answers it makes stale; the next request simply builds another key:

- the **versions** of what the member reads, each a random token in the cache:
  ``profiles`` (every company's public profile and visibility), ``company:<id>`` for
  each of the member's companies (its dismissals, saves, interests and team) and
  ``user:<id>`` (the member's account and notifications). A write renews them through
  ``profiles_changed``, ``companies_changed`` or ``users_changed``: the services call
  these, and ``partners.receivers`` calls them for rows saved or deleted one by one
  anywhere else (the admin). A write that goes round both (``QuerySet.update``, raw
  SQL) must call them itself;
- what the view adds (``state``): the suggestions name the run their list points at,
  read from the database on every request;
- the language, the path with its query, the API's media type and, for pages, the
  CSRF cookie that the page's forms are signed with.

A token, not a counter: a version evicted from the cache comes back as a new token,
never as an old one. A version is renewed at once and again when the transaction
commits, so a request that read the old rows before the commit is left behind too.

A kept answer carries an ``ETag`` (``django.views.decorators.http.condition``), so a
browser or an integration that sends ``If-None-Match`` gets ``304 Not Modified``
without a body; ``Cache-Control: private, no-cache`` keeps shared caches out and
makes browsers ask again each time. ``RESPONSE_CACHE_SECONDS`` bounds how long an unused
answer stays (0 turns keeping off; ``ETag`` stays).
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
_VERSION = "kept:version:"


def company_scope(company_id: int) -> str:
    return f"company:{company_id}"


def user_scope(user_id: int) -> str:
    return f"user:{user_id}"


# --- Writes: renew versions ---------------------------------------------------------


def profiles_changed() -> None:
    """Any company's public profile or visibility changed (every list may show it)."""
    _bump([PROFILES])


def companies_changed(company_ids: Iterable[int]) -> None:
    """These companies' own rows changed (dismissals, saves, interests, team)."""
    _bump([company_scope(pk) for pk in company_ids])


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


def versions(scopes: list[str]) -> list[str]:
    """The current version of each scope (a scope without one gets one)."""
    keys = [_VERSION + scope for scope in scopes]
    found = cache.get_many(keys)
    for key in keys:
        if key not in found:
            cache.add(key, secrets.token_hex(8), timeout=None)
            found[key] = cache.get(key)
    return [found[key] for key in keys]


def member_scopes(user_id: int) -> list[str]:
    from partners.models import Membership

    companies = Membership.objects.filter(user_id=user_id).order_by("company_id")
    return [
        PROFILES,
        user_scope(user_id),
        *(company_scope(pk) for pk in companies.values_list("company_id", flat=True)),
    ]


# --- Reads: one answer, its key and its ETag ----------------------------------------


@dataclass(frozen=True)
class Kept:
    """Where a member's answer is kept, and its ``ETag`` (the same digest)."""

    key: str
    etag: str

    def answer(
        self, request, build: Callable[[], HttpResponse], *, vary: Iterable[str] = ("Cookie",)
    ) -> HttpResponse:
        """``304`` if the client holds this answer, else the kept bytes, else ``build()``
        (kept if it is a 200 the view did not mark ``response.kept = False``). ``vary``:
        the request headers besides the language that change the answer."""

        def respond(request, *args, **kwargs) -> HttpResponse:
            found = cache.get(self.key) if _seconds() else None
            if found is not None:
                content, content_type = found
                return HttpResponse(content, content_type=content_type)
            response = build()
            if response.status_code != 200 or not getattr(response, "kept", True):
                add_never_cache_headers(response)  # never revalidated against this ETag
            elif _seconds():
                cache.set(self.key, (response.content, response["Content-Type"]), _seconds())
            return response

        response = condition(etag_func=lambda request, *a, **k: self.etag)(respond)(request)
        patch_cache_control(response, private=True)
        if not response.has_header("Expires"):  # not marked never to be cached above
            patch_cache_control(response, no_cache=True)
        patch_vary_headers(response, [*vary, "Accept-Language"])
        return response


def kept_answer(request, *, kind: str, user_id: int, parts: Iterable[object] = ()) -> Kept:
    """The member's answer of ``kind`` to this request, with the view's own ``parts``."""
    stamp = "\x1f".join(
        [
            kind,
            str(user_id),
            get_language() or "",
            request.get_full_path(),
            *versions(member_scopes(user_id)),
            *(str(part) for part in parts),
        ]
    )
    digest = hashlib.sha256(stamp.encode()).hexdigest()
    return Kept(key=f"kept:{kind}:{user_id}:{digest}", etag=f'"{digest[:32]}"')


def kept_page(kind: str, *, state: Callable | None = None):
    """Keep a signed-in member's page (``GET``), with ``ETag``: the one call a page
    needs. ``state(request, *args, **kwargs)`` adds what else the page was built from,
    or returns None when this page must be rendered now and not kept (a run in
    progress). Put it above ``login_required``: anonymous requests pass through."""

    def decorate(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            kept = _page(request, kind, state, args, kwargs)
            if kept is None:
                response = view(request, *args, **kwargs)
                if request.user.is_authenticated:
                    patch_cache_control(response, private=True)
                return response
            return kept.answer(request, lambda: _signed(request, view(request, *args, **kwargs)))

        return wrapper

    return decorate


def _page(request, kind: str, state, args, kwargs) -> Kept | None:
    csrf_secret = request.COOKIES.get(settings.CSRF_COOKIE_NAME)
    if (
        request.method not in ("GET", "HEAD")
        or not request.user.is_authenticated
        or not csrf_secret
        or len(messages.get_messages(request))  # a flash message waits to be shown
    ):
        return None
    parts = [csrf_secret]
    if state is not None:
        extra = state(request, *args, **kwargs)
        if extra is None:
            return None
        parts.extend(extra)
    return kept_answer(request, kind=kind, user_id=request.user.pk, parts=parts)


def _signed(request, response: HttpResponse) -> HttpResponse:
    """A page whose forms were signed with a new CSRF cookie (set by this response) is
    not kept under the old one."""
    if request.META.get("CSRF_COOKIE") != request.COOKIES.get(settings.CSRF_COOKIE_NAME):
        response.kept = False
    return response


def _seconds() -> int:
    return settings.RESPONSE_CACHE_SECONDS
