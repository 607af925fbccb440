"""Django's Redis cache, with one client per process, and an in-process stand-in while Redis is down.

One client: Django builds a new `redis.Redis` object for every cache operation (sharing the
connection pool); building it costs more CPU than the round trip to Redis. The signing request
makes a dozen cache calls (rate limits, network key, queue), so reusing the client matters.

The stand-in: Redis holds nothing that Awaz cannot do without for a while (cached pages and
counts, rate-limit counters, the day's network key, admin login failures), so when Redis cannot
be reached every cache operation goes to a bounded in-process cache instead (LOCAL_MAX_ENTRIES,
oldest culled first) and pages are rendered from the database. Awaz logs one warning when Redis
goes away and one when it is back, per process. While Redis is down, Redis is tried again at most
once every RETRY_SECONDS, so a dead server costs a failed connection per second, not per call.
What the stand-in means for each use (limits count per process, for example) is in
docs/deployment.md ("When Redis or PostgreSQL fail").
"""

import logging
import threading
import time

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from django.core.cache.backends.redis import RedisCacheClient
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

RETRY_SECONDS = 1.0
LOCAL_MAX_ENTRIES = 20_000


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


class _Health:
    """Whether one Redis server is reachable, shared by the cache objects of every thread
    (Django makes one per thread)."""

    def __init__(self):
        self.lock = threading.Lock()
        self.down_since: float | None = None
        self.next_try = 0.0

    def reachable(self) -> bool:
        """Whether to send an operation to Redis: yes while it works, and once a second while
        it does not (that one call finds out whether it is back)."""
        if self.down_since is None:
            return True
        now = time.monotonic()
        with self.lock:
            if now < self.next_try:
                return False
            self.next_try = now + RETRY_SECONDS
            return True

    def went_down(self, error: BaseException) -> None:
        with self.lock:
            self.next_try = time.monotonic() + RETRY_SECONDS
            if self.down_since is not None:
                return
            self.down_since = time.monotonic()
        # The error's class only: its message names the server, nothing about a visitor.
        logger.warning("Redis is unreachable (%s): the cache and the rate limits run in this process "
                       "until it is back", type(error).__name__)

    def answered(self, local: LocMemCache) -> None:
        if self.down_since is None:
            return
        with self.lock:
            down_since, self.down_since = self.down_since, None
        if down_since is not None:
            local.clear()  # what it held was for the outage only
            logger.warning("Redis is reachable again after %.0f s: the cache and the rate limits use it again",
                           time.monotonic() - down_since)


_healths: dict[str, _Health] = {}
_healths_lock = threading.Lock()


def _health_of(location: str) -> _Health:
    with _healths_lock:
        return _healths.setdefault(location, _Health())


class RedisCache(DjangoRedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = _ReusingClient
        location = server if isinstance(server, str) else ",".join(server)
        local_params = {key: value for key, value in params.items() if key not in {"OPTIONS", "LOCATION", "BACKEND"}}
        local_params["OPTIONS"] = {"MAX_ENTRIES": LOCAL_MAX_ENTRIES}
        # LocMemCache shares its storage between instances of the same name: one per process.
        self.local = LocMemCache(f"awaz-redis-stand-in:{location}", local_params)
        self.health = _health_of(location)

    def reachable(self) -> bool:
        return self.health.reachable()

    def went_down(self, error: BaseException) -> None:
        self.health.went_down(error)

    def answered(self) -> None:
        self.health.answered(self.local)

    def guarded(self, name: str, *args, **kwargs):
        """Run the cache operation `name` on Redis, or on the stand-in while Redis is away."""
        if self.reachable():
            try:
                result = getattr(super(), name)(*args, **kwargs)
            except RedisError as error:
                self.went_down(error)
            else:
                self.answered()
                return result
        return getattr(self.local, name)(*args, **kwargs)

    # --- Django's cache API, every operation guarded --------------------------------------------

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self.guarded("add", key, value, timeout, version)

    def get(self, key, default=None, version=None):
        return self.guarded("get", key, default, version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self.guarded("set", key, value, timeout, version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self.guarded("touch", key, timeout, version)

    def delete(self, key, version=None):
        return self.guarded("delete", key, version)

    def get_many(self, keys, version=None):
        return self.guarded("get_many", keys, version)

    def has_key(self, key, version=None):
        return self.guarded("has_key", key, version)

    def incr(self, key, delta=1, version=None):
        return self.guarded("incr", key, delta, version)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self.guarded("set_many", data, timeout, version)

    def delete_many(self, keys, version=None):
        return self.guarded("delete_many", keys, version)

    def clear(self):
        self.local.clear()
        return self.guarded("clear")
