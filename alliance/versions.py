"""Versions of what cached responses were built from (generational cache keys).

A cached response (``alliance.response_cache``) is stored under a key that holds the
versions of everything it was built from. A write changes a version, so the next
request builds a new key and never finds the stale response; nothing is deleted or
enumerated. Three scopes:

``platform``
    Every company's public profile, its visibility, every company's current list and
    every matching run (a list shows partners' profiles and their reasons, and whether
    a run is under way). Changed by *any* write to those tables, whichever code path
    makes it (services, the admin, imports, ``update()``, ``bulk_create``, raw SQL):
    ``platform_writes_watch`` looks at every statement a database connection runs.
``user:<id>``
    What is the member's own: their account, memberships, notifications, and their
    companies' dismissals, saves and interests. Changed by the services that write
    these (``users_bump``, ``companies_bump``) and by model signals
    (``partners.receivers``) for writes made elsewhere, e.g. in the admin.
``auth``
    API tokens and accounts as credentials: a revoked token or a deactivated account
    changes it (``alliance.api.authentication`` caches credentials under it).

A version is a random token, not a counter: a version lost from the cache (evicted,
flushed) comes back as a new token, never as an old one that a stale response was
stored under. A change is applied at once and again when the transaction commits: a
request that read the old rows before the commit and stored its response under the
first new version is left behind by the second.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable
from typing import Any

from django.core.cache import cache
from django.db import connection, transaction
from django.db.backends.signals import connection_created
from django.dispatch import receiver

PLATFORM = "platform"
AUTH = "auth"

#: Tables whose rows every cached list or page may show (see ``platform``).
PLATFORM_TABLES = (
    "partners_company",
    "matching_suggestionlist",
    "matching_matchrun",
)
_WRITES = ("INSERT", "UPDATE", "DELETE", "WITH", "MERGE", "TRUNCATE")
_PREFIX = "ver:"


def user_scope(user_id: int) -> str:
    return f"user:{user_id}"


def versions(scopes: Iterable[str]) -> tuple[str, ...]:
    """The current version of each scope, in order (one round trip to the cache; a
    scope without one gets one)."""
    return _current(list(scopes), {})[0]


def cached_keys(key: str, scopes: Iterable[str]) -> list[str]:
    """The cache keys that ``cached_get`` reads (to read them ahead, with other keys)."""
    return [*(_PREFIX + scope for scope in scopes), key]


def cached_get(
    key: str, scopes: Iterable[str], found: dict[str, Any] | None = None
) -> tuple[Any, tuple[str, ...]]:
    """What ``cached_set`` kept under ``key``, if it was kept at the current versions of
    ``scopes`` (else None), and those versions, for ``cached_set``: one round trip, or
    none with ``found``, the values of ``cached_keys`` read ahead."""
    current, found = _current(list(scopes), {"key": key}, found)
    entry = found.get(key)
    if entry is not None and entry[0] == current:
        return entry[1], current
    return None, current


def cached_set(key: str, value: Any, at: tuple[str, ...], timeout: int) -> None:
    """Keep ``value`` under ``key`` as built at the versions ``at``, which ``cached_get``
    gave *before* the value was read from the database: a write in between renewed
    them, and ``cached_get`` will not return the value."""
    cache.set(key, (at, value), timeout=timeout)


def _current(
    scopes: list[str], extra: dict[str, str], found: dict[str, Any] | None = None
) -> tuple[tuple[str, ...], dict]:
    keys = [_PREFIX + scope for scope in scopes]
    found = cache.get_many([*keys, *extra.values()]) if found is None else dict(found)
    for key in keys:
        if key not in found:
            cache.add(key, _token(), timeout=None)
            found[key] = cache.get(key)
    return tuple(found[key] for key in keys), found


def bump(scopes: Iterable[str]) -> None:
    """New versions for ``scopes``: now, and again when the transaction commits (once
    per transaction, however many writes it makes)."""
    keys = frozenset(_PREFIX + scope for scope in scopes)
    if not keys:
        return
    _renew(keys)
    if connection.in_atomic_block:
        # Already pending in this transaction (and not in a savepoint that a rollback
        # could discard while this write stays)?
        active = set(connection.savepoint_ids)
        for sids, func, _robust in connection.run_on_commit:
            if getattr(func, "keys", None) == keys and sids <= active:
                return
    transaction.on_commit(_Renewal(keys), robust=True)


class _Renewal:
    def __init__(self, keys: frozenset[str]) -> None:
        self.keys = keys

    def __call__(self) -> None:
        _renew(self.keys)


def _renew(keys: Iterable[str]) -> None:
    cache.set_many({key: _token() for key in keys}, timeout=None)


def users_bump(user_ids: Iterable[int]) -> None:
    bump(user_scope(pk) for pk in user_ids)


def companies_bump(company_ids: Iterable[int]) -> None:
    """New versions for every member of these companies (what their lists show)."""
    from partners.models import Membership

    ids = list(company_ids)
    if ids:
        users_bump(Membership.objects.filter(company_id__in=ids).values_list("user_id", flat=True))


def _token() -> str:
    return secrets.token_hex(8)


def _platform_write(execute, sql, params, many, context):
    """Execute wrapper: after a write to a platform table, a new platform version."""
    result = execute(sql, params, many, context)
    head = sql.lstrip()[:8].upper()
    if head.startswith(_WRITES) and any(table in sql for table in PLATFORM_TABLES):
        bump([PLATFORM])
    return result


@receiver(connection_created)
def platform_writes_watch(sender, connection, **kwargs) -> None:  # noqa: ARG001
    if _platform_write not in connection.execute_wrappers:
        connection.execute_wrappers.append(_platform_write)


def _watch_open_connection() -> None:
    """The connection may be open before this module is imported (a shell, a test)."""
    if connection.connection is not None:
        platform_writes_watch(None, connection)


_watch_open_connection()
