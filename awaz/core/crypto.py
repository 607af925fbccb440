"""Encryption and blind indexing of personal data: the only code that touches raw values.

A signer's name, email and comment are stored as AES-256-GCM ciphertexts. Each ciphertext names
the key that made it, so keys can be rotated while old rows stay readable. Equality look-ups
(one signature per email per petition, "find this person's data") go through a blind index: a
keyed HMAC of the normalized email, computed with a separate key.
"""

import base64
import hashlib
import hmac
import os
from functools import lru_cache

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings
from django.db import models

FORMAT_VERSION = 1
KEY_ID_BYTES = 4
NONCE_BYTES = 12
HEADER_BYTES = 1 + KEY_ID_BYTES + NONCE_BYTES


class DecryptionError(Exception):
    """A ciphertext was tampered with, or was made by a key Awaz no longer has."""


def _derive(secret: str, purpose: bytes) -> bytes:
    # HKDF turns any configured secret string into a full-strength key of the right length,
    # and the purpose label keeps encryption and indexing keys apart even if an operator
    # reused one secret for both by mistake.
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=purpose).derive(secret.encode())


@lru_cache(maxsize=8)
def _encryption_keys(secrets: tuple[str, ...]) -> list[tuple[bytes, AESGCM]]:
    keys = []
    for secret in secrets:
        raw = _derive(secret, b"awaz personal data encryption v1")
        keys.append((hashlib.sha256(raw).digest()[:KEY_ID_BYTES], AESGCM(raw)))
    return keys


def _keys() -> list[tuple[bytes, AESGCM]]:
    return _encryption_keys(tuple(settings.ENCRYPTION_KEYS))


def current_key_id() -> bytes:
    return _keys()[0][0]


def encrypt(plaintext: str, purpose: str) -> bytes:
    """Encrypt with the current key. `purpose` is bound as associated data, so a ciphertext
    copied from one column into another fails to decrypt instead of being misread."""
    key_id, aead = _keys()[0]
    nonce = os.urandom(NONCE_BYTES)
    sealed = aead.encrypt(nonce, plaintext.encode(), purpose.encode())
    return bytes([FORMAT_VERSION]) + key_id + nonce + sealed


def decrypt(ciphertext: bytes, purpose: str) -> str:
    ciphertext = bytes(ciphertext)
    if len(ciphertext) < HEADER_BYTES or ciphertext[0] != FORMAT_VERSION:
        raise DecryptionError("not an Awaz ciphertext")
    key_id = ciphertext[1 : 1 + KEY_ID_BYTES]
    nonce = ciphertext[1 + KEY_ID_BYTES : HEADER_BYTES]
    for candidate_id, aead in _keys():
        if hmac.compare_digest(candidate_id, key_id):
            try:
                return aead.decrypt(nonce, ciphertext[HEADER_BYTES:], purpose.encode()).decode()
            except InvalidTag:
                raise DecryptionError("ciphertext failed authentication") from None
    raise DecryptionError("ciphertext was made by a key that is not configured")


def key_id_of(ciphertext: bytes) -> bytes:
    return bytes(ciphertext)[1 : 1 + KEY_ID_BYTES]


@lru_cache(maxsize=4)
def _index_key(secret: str) -> bytes:
    return _derive(secret, b"awaz blind index v1")


def blind_index(normalized_value: str, secret: str | None = None) -> str:
    """A keyed hash for equality look-ups. Without the key it reveals nothing, not even
    whether two petitions share a signer across two Awaz installations.

    New rows are indexed with the current (first) key of settings.BLIND_INDEX_KEYS."""
    key = _index_key(secret or settings.BLIND_INDEX_KEYS[0])
    digest = hmac.new(key, normalized_value.encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).decode().rstrip("=")


def blind_indexes(normalized_value: str) -> list[str]:
    """The value's index under every configured key, current first: look-ups filter with
    `__in` on these, so rows not yet moved by `awaz rotate_keys --blind-index` are found."""
    return [blind_index(normalized_value, secret) for secret in settings.BLIND_INDEX_KEYS]


class EncryptedTextField(models.BinaryField):
    """Text that is encrypted on its way into the database and decrypted on its way out.

    Django code sees plain `str`; the database, its backups and its dumps see only ciphertext.
    Such a field cannot be filtered or ordered on: use a blind index for look-ups.
    """

    def __init__(self, *args, purpose: str = "", **kwargs):
        self.purpose = purpose
        kwargs.setdefault("editable", True)
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs["purpose"] = self.purpose
        return name, path, args, kwargs

    def from_db_value(self, value, expression, connection):
        if value is None:
            return None
        return decrypt(value, self.purpose)

    def to_python(self, value):
        return value

    def get_db_prep_value(self, value, connection, prepared=False):
        if value is None:
            return None
        if isinstance(value, (bytes, memoryview)):
            # Already a ciphertext (key rotation copies rows without decrypting them twice).
            return super().get_db_prep_value(bytes(value), connection, prepared)
        return super().get_db_prep_value(encrypt(str(value), self.purpose), connection, prepared)

    def value_to_string(self, obj):
        return self.value_from_object(obj) or ""

    def formfield(self, **kwargs):
        from django import forms

        return forms.CharField(widget=forms.Textarea, required=not self.blank, **kwargs)
