"""Django's Redis cache, with one Redis client per connection pool instead of one per
operation.

Django's ``RedisCacheClient.get_client`` builds a new ``redis.Redis`` for every cache
call, and building one fills its table of about 170 response callbacks: measured
here, that doubled the cost of a cache read (220 µs against 116 µs for the same
``GET`` on a kept client). A ``redis.Redis`` is safe to share between threads (its
pool hands each command a connection), so each pool keeps one.

``read_and_count`` reads keys and counts a request against a rate limit in one round
trip (the API's throttles, ``alliance.api.ahead``; kept pages, ``alliance.page_ahead``),
on a connection of each thread's own (``_Direct``). Values are decoded by
``Serializer``, which reads a pickle without first trying it as an integer.
"""

from __future__ import annotations

import os
import pickle
import threading
import time
from collections.abc import Collection, Sequence
from typing import Any

import redis
from django.core.cache import cache, caches
from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from django.core.cache.backends.redis import RedisCacheClient, RedisSerializer


class Serializer(RedisSerializer):
    """Django's, but a pickle is decoded as one at once. Django's tries ``int`` first,
    which on a pickle fails with an error whose message holds the repr of the whole
    value (of a kept page: tens of kilobytes). Django stores integers as digits and
    everything else as a pickle, which starts with its protocol's opcode."""

    def loads(self, data: bytes) -> Any:
        if data[:1] == pickle.PROTO:
            return pickle.loads(data)  # noqa: S301 (our own cache, as Django's backend)
        return super().loads(data)


class _KeptClients(RedisCacheClient):
    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("serializer", Serializer)
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

    def validate_key(self, key) -> None:
        """Redis takes any key: no memcached warnings, whose check walks every key's
        characters on every call (4% of a kept API answer's time under load)."""


def read_and_count(
    reads: Sequence[str], counter: tuple[str, int] | None = None, raw: Collection[str] = ()
) -> tuple[dict[str, Any], dict[str, tuple[int, float]]]:
    """The values of the keys ``reads`` (those found) and, with a ``counter`` (key,
    seconds), one more hit on it: ``{key: (count in the window, seconds left)}``; the
    window starts with the counter's first hit. On Redis, the values of the keys in
    ``raw`` are given as stored (bytes, for ``loads``), to be decoded by the caller.

    On Redis this is one round trip (a transaction: ``MGET``, ``SET NX EX``, ``INCR``,
    ``PTTL``), whatever the count; elsewhere (a process's memory) ``get_many``, ``add``
    and ``incr``.
    """
    backend = caches["default"]
    if not isinstance(backend, RedisCache):
        found = cache.get_many(reads) if reads else {}
        return found, ({counter[0]: _local_hit(*counter)} if counter else {})
    keys = [backend.make_key(k) for k in reads]
    values, count_and_left = _direct(backend).run(
        keys, (backend.make_key(counter[0]), counter[1]) if counter else None
    )
    raw = frozenset(raw)
    found = {
        k: v if k in raw else _loads(v) for k, v in zip(reads, values, strict=True) if v is not None
    }
    counted = {}
    if counter:
        count, left_ms = count_and_left
        counted[counter[0]] = (count, max(left_ms, 0) / 1000)
    return found, counted


def loads(data: bytes) -> Any:
    """A value as ``read_and_count`` gives it for a key in ``raw``, decoded."""
    return _SERIALIZER.loads(data)


_SERIALIZER = Serializer()


#: Decoded short values (versions: random tokens, never changed in place) by their bytes.
_SHORT: dict[bytes, Any] = {}
SHORT = 64
SHORT_KEPT = 4096


def _loads(data: bytes) -> Any:
    if len(data) > SHORT:
        return _SERIALIZER.loads(data)
    value = _SHORT.get(data)
    if value is None:
        value = _SERIALIZER.loads(data)
        if isinstance(value, str | int):  # immutable: safe to hand out again
            if len(_SHORT) >= SHORT_KEPT:
                _SHORT.clear()
            _SHORT[data] = value
    return value


class _Direct(threading.local):
    """``read_and_count``'s commands on a connection of this thread's own, outside
    redis-py's client: its command layers (retries, pool checks, a readiness poll
    before every command) cost more than the round trip itself under load. A
    connection that fails is dropped and the commands tried once more on a new one.

    The commands are one transaction (``MULTI``/``EXEC``), sent and answered in one
    round trip: a Lua script doing the same cost the server twice the time."""

    def __init__(self, pool) -> None:
        self.pool, self.connection, self.pid = pool, None, None

    def run(self, keys: list[str], counter: tuple[str, int] | None) -> tuple[list, tuple | None]:
        """The values of ``keys`` and, with a counter (key, seconds), its count after
        one more hit and the milliseconds left in its window."""
        try:
            return self._run(keys, counter)
        except (redis.ConnectionError, redis.TimeoutError, OSError):
            self._drop()
            return self._run(keys, counter)

    def _run(self, keys: list[str], counter: tuple[str, int] | None) -> tuple[list, tuple | None]:
        if self.connection is None or self.pid != os.getpid():  # new, or forked
            self.connection = self.pool.connection_class(**self.pool.connection_kwargs)
            self.pid = os.getpid()
        connection = self.connection
        try:
            if counter is None:
                if not keys:
                    return [], None
                connection.send_command("MGET", *keys)
                return connection.read_response(), None
            key, seconds = counter
            commands = [
                ("MULTI",),
                *([("MGET", *keys)] if keys else []),
                ("SET", key, 0, "EX", seconds, "NX"),  # the window opens with its first hit
                ("INCR", key),
                ("PTTL", key),
                ("EXEC",),
            ]
            connection.send_packed_command(connection.pack_commands(commands))
            for _queued in commands[:-1]:
                connection.read_response()
            replies = connection.read_response()
            for reply in replies:
                if isinstance(reply, redis.ResponseError):
                    raise reply
            *values, _set, count, left_ms = replies
            if left_ms < 0:  # the window closed between SET and INCR: this hit opens one
                connection.send_command("EXPIRE", key, seconds)
                connection.read_response()
                left_ms = seconds * 1000
            return (values[0] if keys else []), (count, left_ms)
        except BaseException:
            self._drop()
            raise

    def _drop(self) -> None:
        if self.connection is not None:
            self.connection.disconnect()
        self.connection = None


_directs: dict[int, _Direct] = {}


def _direct(backend: RedisCache) -> _Direct:
    pool = backend._cache._get_connection_pool(True)
    direct = _directs.get(id(pool))
    if direct is None:
        direct = _directs.setdefault(id(pool), _Direct(pool))
    return direct


def _local_hit(key: str, seconds: int) -> tuple[int, float]:
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
    return count, max(start + seconds - now, 0.0)
