"""The shared cache's backend: Django's Redis cache, with each Redis client made once.

Django's ``RedisCacheClient`` makes a new ``redis.Redis`` for every operation, on a pooled
connection. redis-py 8 fills some 170 response callbacks into each new client, about 0,14 ms, and a
page served from the cache reads it three times (session, user, page): a third of what such a page
cost (``bench/server.py``). A ``redis.Redis`` is safe to share between threads, and Django gives each
thread a backend of its own anyway, so one client per connection pool is enough.
"""

from __future__ import annotations

from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from django.core.cache.backends.redis import RedisCacheClient


class KlienRedis(RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._klien: dict[int, object] = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._klien.get(id(pool))
        if client is None:
            client = self._klien[id(pool)] = self._client(connection_pool=pool)
        return client


class RedisCache(DjangoRedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = KlienRedis
