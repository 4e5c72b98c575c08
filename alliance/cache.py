"""Django's Redis cache, with one Redis client per connection pool instead of one per
operation.

Django's ``RedisCacheClient.get_client`` builds a new ``redis.Redis`` for every cache
call, and building one fills its table of about 170 response callbacks: measured
here, that doubled the cost of a cache read (220 µs against 116 µs for the same
``GET`` on a kept client). A ``redis.Redis`` is safe to share between threads (its
pool hands each command a connection), so each pool keeps one.

``counter_hit`` counts requests for the API's throttles in one round trip.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from typing import Any

from django.core.cache import cache, caches
from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from django.core.cache.backends.redis import RedisCacheClient


class _KeptClients(RedisCacheClient):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


class RedisCache(DjangoRedisCache):
    def __init__(self, server, params) -> None:
        super().__init__(server, params)
        self._class = _KeptClients


def counter_hit(
    key: str, seconds: int, *, also: Sequence[str] = ()
) -> tuple[int, float, dict[str, Any]]:
    """One more hit on the counter ``key``, whose window of ``seconds`` starts with its
    first hit: the count so far in the window, the seconds left in it, and the values
    of the keys ``also`` (those found), read in the same round trip.

    On Redis this is one round trip (``SET NX EX``, ``INCR``, ``PTTL``, ``MGET``),
    whatever the count; elsewhere (a process's memory) ``add``, ``incr`` and ``get_many``.
    """
    backend = caches["default"]
    if isinstance(backend, RedisCache):
        full_key = backend.make_and_validate_key(key)
        others = [backend.make_and_validate_key(k) for k in also]
        client = backend._cache.get_client(full_key, write=True)
        pipe = client.pipeline(transaction=False)
        pipe.set(full_key, 0, ex=seconds, nx=True)
        pipe.incr(full_key)
        pipe.pttl(full_key)
        if others:
            pipe.mget(others)
        _created, count, left_ms, *read = pipe.execute()
        if left_ms < 0:  # it expired between SET and INCR: INCR made it without a window
            client.expire(full_key, seconds)
            left_ms = seconds * 1000
        loads = backend._cache._serializer.loads
        values = read[0] if read else []
        found = {k: loads(v) for k, v in zip(also, values, strict=True) if v is not None}
        return count, left_ms / 1000, found
    now = time.time()
    cache.add(f"{key}:start", now, timeout=seconds)
    cache.add(key, 0, timeout=seconds)
    try:
        count = cache.incr(key)
    except ValueError:  # the window ended between add and incr: a new one
        cache.set(f"{key}:start", now, timeout=seconds)
        cache.set(key, 1, timeout=seconds)
        count = 1
    start = cache.get(f"{key}:start", now)
    return count, max(start + seconds - now, 0.0), cache.get_many(also) if also else {}
