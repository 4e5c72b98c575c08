"""``alliance.cache`` against the machine's Redis: one round trip that reads keys and
counts a request against a rate limit, on a connection of the thread's own that
survives a dropped connection and a fork."""

from __future__ import annotations

import os

import pytest
import redis
from django.core.cache import cache

from alliance import cache as kyoso_cache
from alliance.cache import read_and_count

REDIS = os.environ.get("KEPT_TEST_REDIS", "redis://127.0.0.1:6379/11")


@pytest.fixture
def server(settings):
    """The default cache in Redis (its own database, emptied first), and a client of
    the test's own to look at it and to misbehave."""
    client = redis.Redis.from_url(REDIS, socket_connect_timeout=1)
    try:
        client.flushdb()
    except redis.RedisError as error:
        pytest.skip(f"no Redis at {REDIS}: {error}")
    settings.CACHES = {"default": {"BACKEND": "alliance.cache.RedisCache", "LOCATION": REDIS}}
    yield client
    client.flushdb()


def test_reads_the_keys_found_and_skips_the_missing(server):
    cache.set("a", {"x": 1})
    cache.set("b", b"bytes")
    found, counted = read_and_count(["a", "missing", "b"])
    assert found == {"a": {"x": 1}, "b": b"bytes"}
    assert counted == {}


def test_counts_hits_in_a_window_that_opens_with_the_first(server):
    for expected in (1, 2, 3):
        _found, counted = read_and_count([], ("hits", 60))
        count, left = counted["hits"]
        assert count == expected
        assert 59 <= left <= 60
    # The window is the first hit's: the counter expires with it, on the server.
    ttl = server.ttl(cache.make_key("hits"))
    assert 0 < ttl <= 60


def test_reads_and_counts_in_one_command(server):
    cache.set("a", 1)
    found, counted = read_and_count(["a"], ("hits", 30))
    assert found == {"a": 1}
    assert counted["hits"][0] == 1


def test_a_connection_dropped_by_the_server_is_replaced(server):
    read_and_count([], ("hits", 60))
    # The server closes every connection but the test's own (as a restart would).
    server.client_kill_filter(skipme=True, _type="normal")
    _found, counted = read_and_count([], ("hits", 60))
    assert counted["hits"][0] == 2


def test_a_counter_left_without_a_window_gets_one(server):
    # As if its window had closed between the transaction's SET NX and INCR: the INCR
    # made a counter that would never expire, and this hit opens a window.
    server.set(cache.make_key("hits"), 5)
    _found, counted = read_and_count([], ("hits", 60))
    count, left = counted["hits"]
    assert (count, left) == (6, 60)
    assert 0 < server.ttl(cache.make_key("hits")) <= 60


def test_nothing_to_read_or_count_asks_nothing(server):
    assert read_and_count([]) == ({}, {})


def test_a_forked_process_opens_its_own_connection(server):
    read_and_count([], ("hits", 60))
    pool = cache._cache._get_connection_pool(True)
    direct = kyoso_cache._directs[id(pool)]
    before = direct.connection
    direct.pid = -1  # as the child of a fork sees it: another process's connection
    _found, counted = read_and_count([], ("hits", 60))
    assert counted["hits"][0] == 2
    assert direct.connection is not before


def test_an_error_of_the_server_is_raised_not_retried(server):
    server.set(cache.make_key("hits"), "not a number")
    with pytest.raises(redis.ResponseError):
        read_and_count([], ("hits", 60))
    assert server.get(cache.make_key("hits")) == b"not a number"


def test_values_decode_as_django_stored_them(server):
    big = {"answer": b"x" * 50_000}
    cache.set_many({"n": 5, "flag": True, "big": big, "word": "v1", "list": [1]})
    found, _counted = read_and_count(["n", "flag", "big", "word", "list"])
    assert found == {"n": 5, "flag": True, "big": big, "word": "v1", "list": [1]}
    assert type(found["flag"]) is bool
    assert cache.get_many(["n", "flag", "big", "word", "list"]) == found  # the backend's own


def test_a_short_mutable_value_is_never_shared_between_reads(server):
    cache.set("list", [1])
    read_and_count(["list"])[0]["list"].append(2)
    assert read_and_count(["list"])[0]["list"] == [1]


def test_raw_values_are_given_as_stored(server):
    cache.set("credential", ("v", {"user": 1}))
    found, _counted = read_and_count(["credential"], raw=["credential"])
    assert isinstance(found["credential"], bytes)
    assert kyoso_cache.loads(found["credential"]) == ("v", {"user": 1})
