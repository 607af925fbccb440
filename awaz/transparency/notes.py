"""The log signing keys and the checkpoints they sign (C2SP signed-note, tlog-checkpoint).

The keys are their own: AWAZ_LOG_KEY (or _FILE, or generated into the data dir in embedded
mode), or AWAZ_LOG_KEYS, newest first, during a rotation. Each configured secret is stretched
into an Ed25519 key with SHA-256 under a label of its own, so a secret that is also used
elsewhere by mistake still gives an unrelated key. Every configured key signs every checkpoint;
the first is the one published as `log_key` (docs/transparency.md, "Rotating the log key").
"""

import base64
import hashlib
from functools import lru_cache

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat
from django.conf import settings

from awaz.transparency.verifier import EMPTY_ROOT, key_id, verifier_key

LABEL = b"awaz transparency log key\n"


@lru_cache(maxsize=8)
def _private_key(secret: str) -> Ed25519PrivateKey:
    return Ed25519PrivateKey.from_private_bytes(hashlib.sha256(LABEL + secret.encode()).digest())


def signing_keys() -> list[Ed25519PrivateKey]:
    return [_private_key(secret) for secret in settings.LOG_KEYS]


def public_bytes(key: Ed25519PrivateKey) -> bytes:
    return key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)


def log_verifier_keys(origin: str) -> list[str]:
    """The verifier keys (name+id+key) of a log, the published one first."""
    return [verifier_key(origin, public_bytes(key)) for key in signing_keys()]


def checkpoint_text(origin: str, size: int, root: bytes) -> str:
    return f"{origin}\n{size}\n{base64.b64encode(root or EMPTY_ROOT).decode()}\n"


def checkpoint_sign(origin: str, size: int, root: bytes) -> str:
    """The signed note: the checkpoint, a blank line, one signature line per key."""
    text = checkpoint_text(origin, size, root)
    lines = []
    for key in signing_keys():
        signature = key_id(origin, public_bytes(key)) + key.sign(text.encode())
        lines.append(f"\u2014 {origin} {base64.b64encode(signature).decode()}\n")
    return text + "\n" + "".join(lines)
