"""Where a request comes from, reduced to a network and hashed with a key that does not last.

Raw addresses are never stored. Rate limits and the fraud desk need to group requests by
network (IPv4 /24, IPv6 /64), so they see an HMAC of the network under a random key that lives
in the cache for two days at most: once it is gone, nobody can link a hash back to a network.
"""

import hashlib
import hmac
import ipaddress
import secrets
from datetime import datetime, timezone

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest

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


def network_of(address: str) -> str:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return "unknown"
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
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


def network_hash(request: HttpRequest) -> str:
    network = network_of(client_ip(request))
    return hmac.new(_todays_key(), network.encode(), hashlib.sha256).hexdigest()[:32]
