"""Admin login throttling: failed attempts counted per username and per network, in the cache.

Two counts, both kept for ADMIN_LOGIN_LOCK_MINUTES from the last failure:

- a network's failures, whatever usernames it tries: at ADMIN_LOGIN_MAX_FAILURES that network
  is locked for every username (one network guessing at many accounts);
- a username's failures, wherever they come from: at ADMIN_LOGIN_MAX_FAILURES the account is
  locked, but only for networks that have failed at least once themselves in that time.

The second rule is what keeps an outsider from turning the lock against the real user: five
wrong passwords for `admin` from anywhere used to refuse the right password from every network.
Now the owner, coming from a network that has not failed, still logs in with the password and
the current code; the attacker's own networks stay refused. Guessing stays bounded: one network
gets at most ADMIN_LOGIN_MAX_FAILURES tries per period across all accounts, and, once an account
is locked, one more from each network that had not failed before; the second factor still has to
be guessed on top of the password. Applied at the password step and at the code steps alike.

Networks are known only by their short-lived keyed hash (awaz.core.network.login_network_hash:
exact, unlike the signing limits' tags, so that the rule above holds), and usernames
only by a hash, so the cache holds nothing readable.
"""

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest

from awaz.core.network import login_network_hash


def _user_key(username: str) -> str:
    user = hashlib.sha256(username.strip().casefold().encode()).hexdigest()[:32]
    return f"awaz:admin-login:user:{user}"


def _network_key(request: HttpRequest) -> str:
    return f"awaz:admin-login:net:{login_network_hash(request)}"


def lock_seconds() -> int:
    return settings.ADMIN_LOGIN_LOCK_MINUTES * 60


def _is_locked(user_failures: int, network_failures: int) -> bool:
    limit = settings.ADMIN_LOGIN_MAX_FAILURES
    if network_failures >= limit:
        return True
    # A locked account refuses only networks that have failed themselves.
    return user_failures >= limit and network_failures > 0


def is_locked(request: HttpRequest, username: str) -> bool:
    user_key, network_key = _user_key(username), _network_key(request)
    counts = cache.get_many([user_key, network_key])
    return _is_locked(counts.get(user_key, 0), counts.get(network_key, 0))


def _count(key: str) -> int:
    """Add one failure; the count lasts the full period from the latest failure."""
    cache.add(key, 0, lock_seconds())
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add() and incr()
        count = 1
    cache.set(key, count, lock_seconds())
    return count


def failure_record(request: HttpRequest, username: str) -> bool:
    """Count one failure; True if further attempts from this network are now locked."""
    return _is_locked(_count(_user_key(username)), _count(_network_key(request)))


def username_forgive(request: HttpRequest, username: str) -> None:
    """After a complete login the owner's earlier typos no longer count. The network's count
    stays: logging in to one account must not reset a network that is guessing at others."""
    cache.delete(_user_key(username))
