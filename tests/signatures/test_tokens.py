"""Link tokens derived from an email's send claim (awaz.signatures.tokens.claimed_token)."""

import base64

from django.utils.crypto import salted_hmac

from awaz.signatures.tokens import claimed_token, token_hash


def test_a_claimed_token_is_djangos_salted_hmac_of_its_claim(settings):
    """The derivation of the links already in signers' mailboxes: a claim in flight across an
    upgrade, or an email sent again, must give the same links."""
    for secret in ("first secret key", "another secret key"):
        settings.SECRET_KEY = secret
        for purpose in ("confirm", "withdraw"):
            digest = salted_hmac("awaz.signatures.tokens.claimed", f"{purpose}:0123abcd", algorithm="sha256").digest()
            token = base64.urlsafe_b64encode(digest[:24]).decode().rstrip("=")
            assert claimed_token(purpose, "0123abcd") == (token, token_hash(token))
