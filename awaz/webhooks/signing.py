"""The signature on every delivery, and how a receiver checks it (docs/api-organizations.md).

Header `Awaz-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>." + body)>`, as Stripe
does: the timestamp is signed with the body, so a receiver that refuses a `t` older than the
replay window (REPLAY_SECONDS) cannot be made to accept a recorded delivery again later.
"""

import hashlib
import hmac
import time

HEADER = "Awaz-Signature"
REPLAY_SECONDS = 300


def signature_header(*, secret: str, body: bytes, timestamp: int | None = None) -> str:
    timestamp = int(time.time()) if timestamp is None else timestamp
    digest = hmac.new(secret.encode(), str(timestamp).encode() + b"." + body, hashlib.sha256).hexdigest()
    return f"t={timestamp},v1={digest}"


def signature_verify(*, secret: str, body: bytes, header: str, now: float | None = None,
                     tolerance: int = REPLAY_SECONDS) -> bool:
    """What a receiver does: True if one `v1` matches and `t` is within the replay window."""
    parts = [item.split("=", 1) for item in header.split(",") if "=" in item]
    stamps = [value for key, value in parts if key == "t"]
    signatures = [value for key, value in parts if key == "v1"]
    if len(stamps) != 1 or not stamps[0].isdigit() or not signatures:
        return False
    timestamp = int(stamps[0])
    if abs((time.time() if now is None else now) - timestamp) > tolerance:
        return False
    expected = hmac.new(secret.encode(), stamps[0].encode() + b"." + body, hashlib.sha256).hexdigest()
    return any(hmac.compare_digest(expected, candidate) for candidate in signatures)
