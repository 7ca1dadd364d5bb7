"""``sakip.cache.RedisCache``: Django's Redis cache, each Redis client made once per connection pool
instead of once per operation (the making was a third of the cost of a page served from the cache)."""

from __future__ import annotations

from django.core.cache import cache

from sakip.cache import KlienRedis


def test_one_client_serves_every_operation(shared_cache):
    assert isinstance(cache._cache, KlienRedis)
    first = cache._cache.get_client(write=True)
    cache.set("kunci", {"nilai": 1}, timeout=30)
    cache.set_many({"a": 1, "b": [2]}, timeout=30)
    assert cache.get("kunci") == {"nilai": 1}
    assert cache.get_many(["a", "b", "c"]) == {"a": 1, "b": [2]}
    assert cache.incr("a") == 2
    cache.delete("kunci")
    assert cache.get("kunci") is None
    assert cache._cache.get_client() is first is cache._cache.get_client(write=True)
    assert first.connection_pool is cache._cache._get_connection_pool(write=True)
