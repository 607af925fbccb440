"""The organization's Ed25519 signing key for delivery manifests, and the checks of a signature.

The private key is made on first use and kept encrypted (awaz.core.crypto, like signers' data);
the public key goes into every manifest, and an authority that has it from an earlier package,
or from the organization's website, can check any later one.
"""

import base64

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import Encoding, NoEncryption, PrivateFormat, PublicFormat

from awaz.outcomes.models import SigningKey


def _b64(raw: bytes) -> str:
    return base64.b64encode(raw).decode()


def signing_key_for(organization) -> tuple[Ed25519PrivateKey, str]:
    """(private key, public key in base64), made once per organization."""
    stored = SigningKey.objects.filter(organization=organization).first()
    if stored is None:
        private = Ed25519PrivateKey.generate()
        raw = private.private_bytes(Encoding.Raw, PrivateFormat.Raw, NoEncryption())
        public = _b64(private.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw))
        SigningKey.objects.get_or_create(organization=organization, defaults={"public_key": public, "private_key": _b64(raw)})
        stored = SigningKey.objects.get(organization=organization)
    private = Ed25519PrivateKey.from_private_bytes(base64.b64decode(stored.private_key))
    return private, stored.public_key


def sign(private: Ed25519PrivateKey, data: bytes) -> str:
    return _b64(private.sign(data))


def signature_is_valid(public_key_b64: str, data: bytes, signature_b64: str) -> bool:
    try:
        public = Ed25519PublicKey.from_public_bytes(base64.b64decode(public_key_b64, validate=True))
        public.verify(base64.b64decode(signature_b64, validate=True), data)
    except (InvalidSignature, ValueError):
        return False
    return True
