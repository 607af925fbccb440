"""Single-use link tokens. Only their hashes are stored; the tokens live in emails alone."""

import base64
import functools
import hashlib
import hmac
import secrets


def new_token() -> tuple[str, str]:
    """(token for the link, hash to store)."""
    token = secrets.token_urlsafe(24)
    return token, token_hash(token)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def looks_like_token(token: str) -> bool:
    return 16 <= len(token) <= 64 and all(c.isalnum() or c in "-_" for c in token)


def claimed_token(purpose: str, claim: str) -> tuple[str, str]:
    """(token, hash) for one email's link, derived from the email's send claim.

    The outbox commits a random claim before an email goes out and erases it once the mail
    server accepted the email. If a worker dies in between, the email is sent again with the
    same claim, so it carries the same links as the copy that may have left already: whichever
    one the signer opens works. Once the claim is erased, the token exists in the email alone.
    """
    from django.conf import settings

    mac = _claim_hmac(settings.SECRET_KEY).copy()
    mac.update(f"{purpose}:{claim}".encode())
    token = base64.urlsafe_b64encode(mac.digest()[:24]).decode().rstrip("=")
    return token, token_hash(token)


@functools.lru_cache(maxsize=4)
def _claim_hmac(secret: str | bytes):
    """Django's salted_hmac("awaz.signatures.tokens.claimed", …, algorithm="sha256") before its
    message: its key derived once per secret instead of for each of an email's four tokens
    (the claim's hashes and the email's links; half the cost of each)."""
    from django.utils.encoding import force_bytes

    key = hashlib.sha256(b"awaz.signatures.tokens.claimed" + force_bytes(secret)).digest()
    return hmac.new(key, digestmod=hashlib.sha256)
