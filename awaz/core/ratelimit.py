"""Rate limits counted in the cache with sliding windows (the generic limiter; the limits on
signing are in awaz.signatures.limits).

Each limit is a count per window (for example 60 a minute) for one key: a network (the keyed
hash from awaz.core.network, never an address), an email domain, or a petition. Counts live in
the Django cache: Redis in production, an in-process cache in the embedded mode (which serves
from one process). While Redis is unreachable the counts go to the cache's bounded in-process
stand-in (awaz/core/cache.py): limits then hold per process instead of for the whole site. A window is estimated from two fixed buckets, the current one and the one
before, weighted by how much of the previous one still lies inside the window; that removes
the double burst that plain fixed windows allow at each boundary.

The signing request is the hot path, so one request costs one pipeline to Redis whatever the
number of limits: every counter is incremented (created with its expiry if new) and the
previous buckets are read in the same round trip. A refused request gives its increments back
(one more round trip, only when refusing), so that it does not use up anybody's quota: a
network that keeps hammering gets exactly its limit through, no more and no less, and a flood
refused by its network limit does not eat into the quota of a large email provider.

Defaults and their reasons are in docs/abuse-defences.md.
"""

import math
import time
from dataclasses import dataclass, field

from django.core.cache import cache, caches
from redis.exceptions import RedisError

from awaz.core.cache import RedisCache

PREFIX = "awaz:rl"


def now() -> float:
    """The clock of every window; tests move it instead of sleeping."""
    return time.time()


@dataclass(frozen=True)
class Rule:
    name: str
    limit: int  # 0 switches the rule off
    window: int  # seconds
    # Counted for the estimates but never refusing (the proof-of-work switch reads these).
    count_only: bool = False


@dataclass
class Outcome:
    allowed: bool
    retry_after: int = 0
    refused_by: str = ""
    # The estimated count of each rule, this request included (when allowed).
    counts: dict[str, float] = field(default_factory=dict)
    # Values of the extra keys read in the same round trip.
    extra: dict[str, int | None] = field(default_factory=dict)
    # The clock reading the counters were taken at: `give_back` finds the same buckets with it.
    at: float = 0.0


# --- The counter store ------------------------------------------------------------------------


def _bucket_keys(rule: Rule, key: str, at: float) -> tuple[str, str, float]:
    index = int(at // rule.window)
    elapsed = at - index * rule.window
    base = f"{PREFIX}:{rule.name}:{key}:{rule.window}"
    return f"{base}:{index}", f"{base}:{index - 1}", elapsed


def _as_int(value) -> int | None:
    if value is None:
        return None
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _redis_backend() -> RedisCache | None:
    """Awaz's Redis cache backend, or None in the embedded mode. Looked up once per call site:
    `cache` is a proxy (never an instance of a backend class), and every attribute read through
    it is a thread-local look-up."""
    backend = caches["default"]
    return backend if isinstance(backend, RedisCache) else None


def _redis_client(backend: RedisCache):
    # Django's Redis backend keeps its connection pool on a private attribute; reaching for it
    # is what lets all counters share one round trip.
    return backend._cache.get_client(write=True)


# Creates each counter with its expiry if absent, adds one, then reads the other keys: one
# command for the whole request. Sent as a pipeline of SET/INCR/GET, the same work cost four
# times the CPU in redis-py, which packs and parses every command in Python.
_INCREMENT_SCRIPT = """
local counted = tonumber(ARGV[1])
local results = {}
for i = 1, counted do
  redis.call('SET', KEYS[i], 0, 'EX', ARGV[i + 1], 'NX')
  results[i] = redis.call('INCR', KEYS[i])
end
for i = counted + 1, #KEYS do
  results[i] = redis.call('GET', KEYS[i])
end
return results
"""
_scripts = {}


def _increment_script(client):
    # One registered script per client (per process); it runs by its hash after the first call.
    script = _scripts.get(id(client))
    if script is None:
        script = _scripts[id(client)] = client.register_script(_INCREMENT_SCRIPT)
    return script


def _increment(increments: list[tuple[str, int]], reads: list[str]) -> tuple[list[int], list[int | None]]:
    """Add one to each counter (creating it with its expiry if absent) and read other keys."""
    backend = _redis_backend()
    if backend is None:
        return _increment_in(cache, increments, reads)
    if backend.reachable():
        client = _redis_client(backend)
        keys = [backend.make_key(key) for key, _ttl in increments] + [backend.make_key(key) for key in reads]
        try:
            results = _increment_script(client)(keys=keys, args=[len(increments), *(ttl for _key, ttl in increments)])
        except RedisError as error:
            backend.went_down(error)
        else:
            backend.answered()
            counted = results[: len(increments)]
            return [int(n) for n in counted], [_as_int(v) for v in results[len(increments) :]]
    # Redis is away: the same counts in this process (bounded, see awaz/core/cache.py).
    return _increment_in(backend.local, increments, reads)


def _increment_in(store, increments: list[tuple[str, int]], reads: list[str]) -> tuple[list[int], list[int | None]]:
    counted = []
    for key, ttl in increments:
        store.add(key, 0, ttl)
        try:
            counted.append(store.incr(key))
        except ValueError:  # expired (or culled) between add and incr
            store.add(key, 1, ttl)
            counted.append(1)
    values = store.get_many(reads) if reads else {}
    return counted, [_as_int(values.get(key)) for key in reads]


def _give_back(keys: list[str]) -> None:
    if not keys:
        return
    backend = _redis_backend()
    store = cache
    if backend is not None:
        if backend.reachable():
            pipe = _redis_client(backend).pipeline(transaction=False)
            for key in keys:
                pipe.decr(backend.make_key(key))
            try:
                pipe.execute()
            except RedisError as error:
                backend.went_down(error)
            else:
                backend.answered()
                return
        store = backend.local
    for key in keys:
        try:
            store.decr(key)
        except ValueError:
            pass


# --- Sliding windows --------------------------------------------------------------------------


def estimate(previous: int, current: int, elapsed: float, window: int) -> float:
    return previous * (window - elapsed) / window + current


def retry_after(previous: int, current: int, elapsed: float, window: int, limit: int) -> int:
    """Seconds until one more request fits under `limit`, given the counts without it."""
    room = limit - 1 - current
    if room >= 0 and previous > 0:
        # This bucket has room; wait until the previous one weighs little enough.
        wait = window - elapsed - room * window / previous
    else:
        # This bucket alone is full: wait for it to end, then for its weight to fall.
        wait = window - elapsed
        if current > 0:
            wait += max(0.0, window - (limit - 1) * window / current)
    return max(1, math.ceil(wait))


def consume(checks: list[tuple[Rule, str]], reads: list[str] = ()) -> Outcome:
    """Count one request against every (rule, key) and say whether all of them allow it.

    One round trip in the usual case; a refusal gives the increments back. `reads` are extra
    integer keys fetched in the same round trip (the proof-of-work switch, for example).
    """
    checks = _active(checks)
    at = now()
    increments, previous_keys, layout = [], [], []
    for rule, key in checks:
        current_key, previous_key, elapsed = _bucket_keys(rule, key, at)
        increments.append((current_key, 2 * rule.window + 60))
        previous_keys.append(previous_key)
        layout.append((rule, current_key, elapsed))
    counted, values = _increment(increments, previous_keys + list(reads))
    previous_counts = [v or 0 for v in values[: len(previous_keys)]]
    extra = dict(zip(reads, values[len(previous_keys) :]))

    counts, refusals = {}, []
    for (rule, _key, elapsed), current, previous in zip(layout, counted, previous_counts):
        counts[rule.name] = estimate(previous, current, elapsed, rule.window)
        if not rule.count_only and counts[rule.name] > rule.limit:
            wait = retry_after(previous, current - 1, elapsed, rule.window, rule.limit)
            refusals.append((wait, rule.name))
    if not refusals:
        return Outcome(allowed=True, counts=counts, extra=extra, at=at)
    _give_back([key for key, _ttl in increments])
    wait, name = max(refusals)
    return Outcome(allowed=False, retry_after=wait, refused_by=name, counts=counts, extra=extra, at=at)


def give_back(checks: list[tuple[Rule, str]], at: float | None = None) -> None:
    """Undo an allowed `consume` (when a later check refuses the same request, or the request
    fails): pass the Outcome's `at`, so the very buckets it counted in are given back."""
    at = now() if at is None else at
    _give_back([_bucket_keys(rule, key, at)[0] for rule, key in _active(checks)])


def _active(checks: list[tuple[Rule, str]]) -> list[tuple[Rule, str]]:
    return [(rule, key) for rule, key in checks if rule.count_only or rule.limit > 0]
