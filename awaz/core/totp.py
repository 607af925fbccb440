"""Time-based one-time passwords (RFC 6238 on top of RFC 4226 HOTP), with the standard library.

Authenticator apps (FreeOTP, Aegis, Google Authenticator...) use the defaults here: HMAC-SHA1,
six digits, 30-second steps, secrets shared as unpadded base32.
"""

import base64
import hashlib
import hmac
import secrets
import struct
import time
from urllib.parse import quote, urlencode

DIGITS = 6
STEP_SECONDS = 30
# One step either way: phones whose clock is half a minute off still work, and a code stays
# usable for at most about a minute and a half.
DRIFT_STEPS = 1
SECRET_BYTES = 20  # 160 bits, the HMAC-SHA1 block the RFC recommends


def new_secret() -> str:
    """A random shared secret, base32 without padding, as authenticator apps expect it."""
    return base64.b32encode(secrets.token_bytes(SECRET_BYTES)).decode().rstrip("=")


def _key(secret: str) -> bytes:
    cleaned = secret.replace(" ", "").upper()
    return base64.b32decode(cleaned + "=" * (-len(cleaned) % 8))


def hotp(key: bytes, counter: int, *, digits: int = DIGITS, digest=hashlib.sha1) -> str:
    """RFC 4226: HMAC of the counter, dynamically truncated to `digits` decimal digits."""
    mac = hmac.new(key, struct.pack(">Q", counter), digest).digest()
    offset = mac[-1] & 0x0F
    number = struct.unpack(">I", mac[offset : offset + 4])[0] & 0x7FFFFFFF
    return str(number % 10**digits).zfill(digits)


def time_step(at: float | None = None) -> int:
    return int((time.time() if at is None else at) // STEP_SECONDS)


def code_at(secret: str, at: float | None = None) -> str:
    return hotp(_key(secret), time_step(at))


def matching_step(secret: str, code: str, *, after_step: int | None = None, at: float | None = None) -> int | None:
    """The time step whose code this is, within the allowed drift, or None.

    Steps at or before `after_step` (the last one used) are refused, so each code works once
    and a code seen over someone's shoulder is useless once its owner has logged in.
    """
    code = "".join(code.split())
    if len(code) != DIGITS or not code.isascii() or not code.isdigit():
        return None
    key = _key(secret)
    now = time_step(at)
    for step in range(now - DRIFT_STEPS, now + DRIFT_STEPS + 1):
        if after_step is not None and step <= after_step:
            continue
        # Constant-time comparison: response timing must not tell how many digits were right.
        if hmac.compare_digest(hotp(key, step), code):
            return step
    return None


def provisioning_uri(secret: str, *, account: str, issuer: str) -> str:
    """The otpauth:// URI that authenticator apps read from a QR code or a pasted link."""
    label = quote(f"{issuer}:{account}", safe=":@")
    query = urlencode({"secret": secret, "issuer": issuer, "algorithm": "SHA1", "digits": DIGITS, "period": STEP_SECONDS})
    return f"otpauth://totp/{label}?{query}"
