"""Django's Redis cache, with one Redis client per process instead of one per call.

Django builds a new `redis.Redis` object for every cache operation (sharing the connection
pool); building it costs more CPU than the round trip to Redis. The signing request makes a
dozen cache calls (rate limits, network key, queue), so reusing the client matters under load.
"""

import threading

from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from django.core.cache.backends.redis import RedisCacheClient


class _ReusingClient(RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}
        self._clients_lock = threading.Lock()

    def get_client(self, key=None, *, write=False):
        index = self._get_connection_pool_index(write)
        client = self._clients.get(index)
        if client is None:
            with self._clients_lock:
                client = self._clients.get(index)
                if client is None:
                    pool = self._get_connection_pool(index)
                    client = self._client(connection_pool=pool)
                    self._clients[index] = client
        return client


class RedisCache(DjangoRedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = _ReusingClient
