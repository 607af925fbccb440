"""A proof of work for signers, asked only while a petition's signing rate is abnormal.

The work is ALTCHA's (the `altcha` package on the server, its widget served by Awaz from
static files: no third party sees the visitor). A challenge is signed with a key derived from
SECRET_KEY and names its petition and expiry; the browser searches for a counter that the
server chose at random, which takes it a few seconds; the server checks the answer with one
HMAC and records the challenge as used, so one piece of work buys one signature.

The switch: every signature counts towards two windows per petition, the last few minutes and
the last hour. When the recent count is far above what the hour would predict (or above an
absolute threshold), the switch turns on and stays on for a cool-down period after the last
abnormal signature. Normal signers of a normal petition do no work at all.

Visitors without JavaScript can still sign while the switch is on: their signatures are
accepted under a much stricter per-network limit (see awaz.signatures.limits), and the email
confirmation remains the gate.
"""

import base64
import binascii
import json
import secrets

import altcha
from django.conf import settings
from django.core.cache import cache
from django.utils.crypto import salted_hmac

from awaz.core import ratelimit
from awaz.signatures import limits

MAX_PAYLOAD_LENGTH = 4096
# PBKDF2 runs its iterations inside the browser's own crypto code, so a visitor's browser works
# about as fast as a script in native code would: the work costs a flood what it costs a person.
ALGORITHM = "PBKDF2/SHA-256"


def switch_key(petition_id: int) -> str:
    return f"awaz:pow:on:{petition_id}"


def _switched_on(flag: int | None) -> bool:
    return flag is not None and ratelimit.now() - flag < settings.POW_COOLDOWN_SECONDS


def is_abnormal(*, recent: float, baseline: float) -> bool:
    """Whether the last few minutes are far above the petition's own last hour."""
    if settings.POW_ABSOLUTE and recent >= settings.POW_ABSOLUTE:
        return True
    expected = baseline * limits.RECENT_WINDOW / limits.BASELINE_WINDOW
    return recent >= settings.POW_MIN_BURST and recent > settings.POW_SURGE_FACTOR * expected


def is_required(petition_id: int, flag: int | None = None, *, read: bool = True) -> bool:
    """Whether signing this petition asks for a proof of work right now. Pass the switch's value
    when it was already read (in the rate limits' round trip) to spare a cache look-up."""
    if settings.POW_MODE == "always":
        return True
    if settings.POW_MODE == "never":
        return False
    if read:
        flag = cache.get(switch_key(petition_id))
    return _switched_on(flag)


def switch_update(*, petition_id: int, flag: int | None, recent: float, baseline: float) -> None:
    """Turn the switch on, or keep it on, while the rate is abnormal.

    The switch holds the time it was last (re)armed; re-arming at most every quarter of the
    cool-down keeps a busy petition from writing to the cache on every signature.
    """
    if settings.POW_MODE != "auto" or not is_abnormal(recent=recent, baseline=baseline):
        return
    at = int(ratelimit.now())
    if flag is None or at - flag > settings.POW_COOLDOWN_SECONDS // 4:
        # The cache expiry only tidies up; the switch is read against the stored time.
        cache.set(switch_key(petition_id), at, settings.POW_COOLDOWN_SECONDS + 60)


def _secret(purpose: str) -> str:
    return salted_hmac(f"awaz.pow.{purpose}", "altcha", algorithm="sha256").hexdigest()


def challenge_create(*, petition_id: int) -> dict:
    """A fresh challenge for one visitor of one petition, as the ALTCHA widget expects it."""
    top = max(2, settings.POW_MAX_COUNTER)
    counter = top // 2 + secrets.randbelow(top - top // 2)
    challenge = altcha.create_challenge(
        algorithm=ALGORITHM,
        cost=settings.POW_COST,
        counter=counter,
        expires_at=int(ratelimit.now()) + settings.POW_CHALLENGE_SECONDS,
        data={"petition": petition_id},
        hmac_secret=_secret("challenge"),
        hmac_key_secret=_secret("key"),
    )
    return challenge.to_dict()


def _parameters(payload: str) -> dict | None:
    try:
        parameters = json.loads(base64.b64decode(payload, validate=True))["challenge"]["parameters"]
    except (ValueError, KeyError, TypeError, binascii.Error):
        return None
    return parameters if isinstance(parameters, dict) else None


def solution_verify(*, payload: str, petition_id: int) -> bool:
    """Check a solution: our signature, this petition, not expired, and never used before."""
    if not payload or len(payload) > MAX_PAYLOAD_LENGTH:
        return False
    result = altcha.verify_solution(payload, _secret("challenge"), hmac_key_secret=_secret("key"))
    if not result.verified:
        return False
    parameters = _parameters(payload)
    if parameters is None or (parameters.get("data") or {}).get("petition") != petition_id:
        return False
    expires_at = parameters.get("expiresAt")
    remaining = (expires_at if isinstance(expires_at, int) else 0) - ratelimit.now()
    if remaining <= 0:
        return False
    # Single use: the first to record the challenge wins; a replay finds it recorded.
    return cache.add(_used_key(parameters), 1, int(remaining) + 60)


def _used_key(parameters: dict) -> str:
    return f"awaz:pow:used:{parameters['nonce']}"


def solution_release(*, payload: str) -> None:
    """Make a verified solution usable once more: the signature it paid for was not stored
    (refused by a rate limit, or the server failed), and the signer must not pay twice."""
    parameters = _parameters(payload)
    if parameters is not None and "nonce" in parameters:
        cache.delete(_used_key(parameters))
