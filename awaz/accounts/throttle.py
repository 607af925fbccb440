"""Admin login throttling: failed attempts counted per username and per network, in the cache.

Either count reaching the limit locks that username (wherever the attempts come from) or that
network (whatever usernames it tries) for a while, at the password step and at the code step
alike. Networks are known only by their short-lived keyed hash (see awaz.core.network), and
usernames only by a hash, so the cache holds nothing readable.
"""

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest

from awaz.core.network import network_hash


def _keys(request: HttpRequest, username: str) -> list[str]:
    user = hashlib.sha256(username.strip().casefold().encode()).hexdigest()[:32]
    return [f"awaz:admin-login:user:{user}", f"awaz:admin-login:net:{network_hash(request)}"]


def lock_seconds() -> int:
    return settings.ADMIN_LOGIN_LOCK_MINUTES * 60


def is_locked(request: HttpRequest, username: str) -> bool:
    counts = cache.get_many(_keys(request, username))
    return any(count >= settings.ADMIN_LOGIN_MAX_FAILURES for count in counts.values())


def failure_record(request: HttpRequest, username: str) -> bool:
    """Count one failure; True if this failure locked the username or the network."""
    locked = False
    for key in _keys(request, username):
        cache.add(key, 0, lock_seconds())
        try:
            count = cache.incr(key)
        except ValueError:  # expired between add() and incr()
            count = 1
            cache.set(key, count, lock_seconds())
        if count >= settings.ADMIN_LOGIN_MAX_FAILURES:
            # The lock lasts the full period from the failure that caused it.
            cache.set(key, count, lock_seconds())
            locked = True
    return locked


def username_forgive(request: HttpRequest, username: str) -> None:
    """After a complete login the owner's earlier typos no longer count. The network's count
    stays: logging in to one account must not reset a network that is guessing at others."""
    cache.delete(_keys(request, username)[0])
