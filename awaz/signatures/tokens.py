"""Single-use link tokens. Only their hashes are stored; the tokens live in emails alone."""

import base64
import hashlib
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
    from django.utils.crypto import salted_hmac

    digest = salted_hmac("awaz.signatures.tokens.claimed", f"{purpose}:{claim}", algorithm="sha256").digest()
    token = base64.urlsafe_b64encode(digest[:24]).decode().rstrip("=")
    return token, token_hash(token)
