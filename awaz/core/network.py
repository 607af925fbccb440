"""Where a request comes from, reduced to a network, and where an email address is hosted,
each seen only as far as rate limits and the fraud desk need.

Raw addresses are never stored. Two different things are made of a network:

- the network tag, stored with each signature for the fraud desk and (as `network_rate_key`)
  the key of the signing rate limits' per-network counters (`network_rate_key_and_tag` gives both): 14 bits (four hex digits) of a
  keyed permutation of the network (IPv4 /24, IPv6 /48). A permutation, cut to 14 of its 24
  bits, maps exactly 1,024 of the 16,777,216 IPv4 /24 networks to each tag value (2^34 /48s for
  IPv6), scattered over the whole address space (not a block: neighbours get unrelated tags). So even with everything on a seized machine,
  keys included, a tag narrows a signer's network down to 1,024 candidates, no further. The key
  of a day lives in the cache until that day is over (UTC), and the tags themselves are erased
  from the signatures after SOURCE_TAG_HOURS (awaz.signatures.services.signatures_forget_source_tags).
  A counter keyed by a tag counts the 1,024 networks behind it together: a real network that
  shares its tag with a flooding one is refused with it (docs/abuse-defences.md weighs this).
- `login_network_hash`, for the admin login throttle only: an HMAC of the network (IPv4 /24,
  IPv6 /64) under a random key that lives in the cache for two days at most, in counters of
  failed admin logins (signers never log in). It is exact because the throttle promises that a
  lock never refuses the right password and code from a network that has not failed itself.

Email domains are stored the same way (`email_domain_label`): large providers and known
disposable domains by name (millions share them), any other domain as "~" and a 14-bit keyed
tag of its registrable domain, erased after the same window. The rate limits count small
domains under that same tag (`domain_rate_key`), so no counter is more precise than the row.
"""

import hashlib
import hmac
import ipaddress
import secrets
from datetime import datetime, timedelta, timezone
from functools import lru_cache

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest

from awaz.core.disposable import is_disposable_domain
from awaz.core.email_domains import is_large_provider, registrable_domain

KEY_LIFETIME_SECONDS = 2 * 24 * 3600


def client_ip(request: HttpRequest) -> str:
    """The client's address, trusting X-Forwarded-For only as far as configured proxies go.

    Each trusted proxy appends the address it received the request from, so the client is the
    entry that many places from the end; anything further left was written by the client.
    """
    remote = request.META.get("REMOTE_ADDR", "")
    hops = settings.TRUSTED_PROXIES
    if hops <= 0:
        return remote
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
    if len(forwarded) < hops:
        return remote
    return forwarded[-hops]


def _address(address: str):
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return None
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    return ip


def network_of(address: str) -> str:
    ip = _address(address)
    if ip is None:
        return "unknown"
    prefix = 24 if ip.version == 4 else 64
    return str(ipaddress.ip_network(f"{ip}/{prefix}", strict=False))


# Today's key, as this process last read it: (day, key). Every signature needs it, and it only
# changes at midnight UTC. It is kept no longer than the cache keeps it.
_held: tuple[str, bytes] | None = None


def _todays_key() -> bytes:
    global _held
    day = datetime.now(timezone.utc).strftime("%Y%m%d")
    if _held is not None and _held[0] == day:
        return _held[1]
    name = f"awaz:network-key:{day}"
    key = cache.get(name)
    if key is None:
        cache.add(name, secrets.token_hex(32), KEY_LIFETIME_SECONDS)
        key = cache.get(name)
    _held = (day, bytes.fromhex(key))
    return _held[1]


def login_network_hash(request: HttpRequest) -> str:
    """The admin login throttle's name for a network (see the module's docstring)."""
    network = network_of(client_ip(request))
    return hmac.new(_todays_key(), network.encode(), hashlib.sha256).hexdigest()[:32]


def domain_rate_key(domain: str) -> str:
    """How the rate limits name a registrable email domain in the cache: large providers by
    name, any other domain by the tag a signature stores of it (16,384 values; a cache dump
    names no personal domain, and a guessed domain matches one tag in 16,384)."""
    if is_large_provider(domain):
        return domain
    return _domain_tag(domain, tag_key())


# --- Tags stored with signatures, for the fraud desk ----------------------------------------

TAG_BITS = 14  # 16,384 tag values: 1,024 IPv4 /24 networks behind each
# A day's tag key outlives the day by this much (clocks of several servers disagree a little).
TAG_KEY_SLACK_SECONDS = 600

_held_tag_key: tuple[str, bytes] | None = None


def tag_key(now: datetime | None = None) -> bytes:
    """The key of the day's tags, shared by every process through the cache and gone from it
    once the day is over: after that, no tag of that day can be computed again."""
    global _held_tag_key
    now = now or datetime.now(timezone.utc)
    day = now.strftime("%Y%m%d")
    if _held_tag_key is not None and _held_tag_key[0] == day:
        return _held_tag_key[1]
    name = f"awaz:tag-key:{day}"
    key = cache.get(name)
    if key is None:
        midnight = (now + timedelta(days=1)).replace(hour=0, minute=0, second=0, microsecond=0)
        cache.add(name, secrets.token_hex(32), int((midnight - now).total_seconds()) + TAG_KEY_SLACK_SECONDS)
        key = cache.get(name)
    _held_tag_key = (day, bytes.fromhex(key))
    return _held_tag_key[1]


@lru_cache(maxsize=8)
def round_tables(key: bytes, width: int) -> tuple[tuple[bytes, ...], ...]:
    """The permutation's byte tables for `width`-byte values: for each round, one 256-byte
    table per byte that feeds it, from HMAC-SHA256 of the key."""
    def table(r: int, j: int) -> bytes:
        return b"".join(hmac.new(key, bytes([width, r, j, block]), hashlib.sha256).digest() for block in range(8))

    return tuple(tuple(table(r, j) for j in range(1, width)) for r in range(4 * width))


def permute(value: bytes, key: bytes) -> bytes:
    """A keyed permutation of byte strings of one length (an unbalanced Feistel network over
    bytes, 4 rounds per byte): every output has exactly one input.

    Each round adds to the first byte a keyed function of all the others, then rotates. Any
    function keeps it a permutation; the tables make it keyed and well mixed. Its strength is not
    what protects signers (with the key, which a seized machine may hold, it is exactly as
    invertible as a strong cipher); what does is that it is a permutation cut to TAG_BITS. Being
    made of byte look-ups and XOR lets the test run the attacker's exhaustive search
    (tests/signatures/test_seized_machine.py) over all 16.7 million /24 networks in seconds.
    """
    state = list(value)
    for tables in round_tables(key, len(state)):
        mixed = 0
        for j in range(len(state) - 1, 0, -1):
            mixed = tables[j - 1][state[j] ^ mixed]
        state[0] ^= mixed
        state = state[1:] + state[:1]
    return bytes(state)


def tag_of_network(address: str, key: bytes, *, ipv6_bytes: int = 6) -> str:
    """The stored tag of the network an address belongs to: IPv4 /24 or IPv6 /48 (or, for the
    rate limits, /64: `ipv6_bytes=8`)."""
    ip = _address(address)
    if ip is None:
        return ""
    width = 3 if ip.version == 4 else ipv6_bytes
    network = ip.packed[:width]
    return f"{int.from_bytes(permute(network, key), 'big') >> (8 * width - TAG_BITS):04x}"


def network_rate_key(request: HttpRequest) -> str:
    """How the signing rate limits name a network in their counters: its tag, so that no
    counter narrows a network below the 1,024 /24s a tag stands for. For IPv4 it is the stored
    tag itself. For IPv6 it is the tag of the /64, as the limits have always counted (one
    household or phone; a /48 can hold a whole mobile carrier's customers), and a tag of 2^50
    /64s falls in nearly every /48."""
    return tag_of_network(client_ip(request), tag_key(), ipv6_bytes=8)


def network_rate_key_and_tag(request: HttpRequest) -> tuple[str, str]:
    """(network_rate_key, the stored network tag) of one request, the permutation computed once
    where they are the same (IPv4): the signing pipeline needs both."""
    address, key = client_ip(request), tag_key()
    tag = tag_of_network(address, key)
    ip = _address(address)
    if ip is None or ip.version == 4:
        return tag, tag
    return tag_of_network(address, key, ipv6_bytes=8), tag


def _domain_tag(domain: str, key: bytes) -> str:
    digest = hmac.new(key, b"domain:" + domain.encode(), hashlib.sha256).digest()
    return f"~{int.from_bytes(digest[:4], 'big') >> (32 - TAG_BITS):04x}"


def email_domain_label(domain: str, key: bytes | None = None) -> str:
    """What a signature keeps of its email domain: the name of a large provider or a known
    disposable domain, otherwise "~" and a tag of the registrable domain (a flood from random
    subdomains of one catch-all domain shares a tag)."""
    if not domain:
        return ""
    group = registrable_domain(domain)
    if is_large_provider(domain) or is_large_provider(group) or is_disposable_domain(domain):
        return domain
    return _domain_tag(group, key or tag_key())


def is_domain_tag(label: str) -> bool:
    return label.startswith("~")
