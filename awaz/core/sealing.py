"""Sealing to an organization's public key: data the server can write but never read again.

HPKE (RFC 9180) in base mode, from `cryptography` (already Awaz's crypto library): KEM
ML-KEM-768 + X25519 (the hybrid "X-Wing"-style KEM: safe while either holds, so signers'
names recorded today stay sealed if a quantum computer later breaks X25519), HKDF-SHA256,
AES-256-GCM. docs/sealed-petitions.md gives the measurements behind the choice.

Formats (all versioned, so a later suite can be added beside this one):
- public key: ``awaz-seal-1:`` + base64url(ML-KEM-768 public key (1184 bytes) || X25519 public key (32));
- sealed value: 0x01 || fingerprint (8 bytes) || HPKE ciphertext (encapsulated key, then AEAD output);
- private key file: JSON holding the two private seeds (96 bytes) encrypted with AES-256-GCM under
  a key derived from the passphrase with scrypt; its public key and fingerprint in clear, so a
  file can be matched to an organization without the passphrase.

This module has no Django and no database in it: `awaz seal-keygen` and `awaz unseal` run on an
offline laptop. Plaintexts are padded to a multiple of PAD bytes before sealing, so the length
of a sealed value does not tell a short name from a long one.
"""

import base64
import hashlib
import json
import os
from dataclasses import dataclass
from functools import cached_property

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hpke
from cryptography.hazmat.primitives.asymmetric import mlkem, x25519
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

PUBLIC_PREFIX = "awaz-seal-1:"
SEALED_VERSION = 1
FINGERPRINT_BYTES = 8
INFO = b"awaz sealed signer data v1"
PAD = 256
KEY_FILE_FORMAT = "awaz-sealing-private-key"
MLKEM_PUBLIC_BYTES = 1184
X25519_BYTES = 32
MLKEM_SEED_BYTES = 64
# scrypt cost for the private key file: about 128 MiB and a fraction of a second, once per
# `awaz unseal`; each guess at a stolen file's passphrase costs an attacker as much.
SCRYPT_N = 2**17
SCRYPT_R = 8

SUITE = hpke.Suite(hpke.KEM.MLKEM768_X25519, hpke.KDF.HKDF_SHA256, hpke.AEAD.AES_256_GCM)


class SealingError(Exception):
    """Something sealed cannot be used; the message says what, without any personal data."""


class NotAPublicKey(SealingError):
    pass


class WrongKey(SealingError):
    pass


class WrongPassphrase(SealingError):
    pass


class Damaged(SealingError):
    pass


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def fingerprint_of(raw_public: bytes) -> bytes:
    return hashlib.sha256(b"awaz sealing key|" + raw_public).digest()[:FINGERPRINT_BYTES]


@dataclass(frozen=True)
class PublicKey:
    raw: bytes

    @cached_property
    def fingerprint(self) -> str:
        return fingerprint_of(self.raw).hex()

    @property
    def text(self) -> str:
        return PUBLIC_PREFIX + _b64(self.raw)

    @cached_property
    def _hpke_key(self):
        return hpke.MLKEM768X25519PublicKey(
            mlkem.MLKEM768PublicKey.from_public_bytes(self.raw[:MLKEM_PUBLIC_BYTES]),
            x25519.X25519PublicKey.from_public_bytes(self.raw[MLKEM_PUBLIC_BYTES:]),
        )


def parse_public_key(text: str) -> PublicKey:
    """The public key an organization gave, checked; NotAPublicKey says why it is refused."""
    text = "".join((text or "").split())
    if not text.startswith(PUBLIC_PREFIX):
        raise NotAPublicKey(f"A sealing public key starts with {PUBLIC_PREFIX!r} (made by `awaz seal-keygen`).")
    try:
        raw = _unb64(text[len(PUBLIC_PREFIX):])
    except ValueError:
        raise NotAPublicKey("The public key is not valid base64; copy it again, whole.") from None
    if len(raw) != MLKEM_PUBLIC_BYTES + X25519_BYTES:
        raise NotAPublicKey("The public key has the wrong length; copy it again, whole.")
    key = PublicKey(raw)
    try:
        key._hpke_key  # noqa: B018 (parses both halves)
    except ValueError:
        raise NotAPublicKey("The public key is not a valid key.") from None
    return key


@dataclass(frozen=True)
class PrivateKey:
    mlkem_seed: bytes
    x25519_private: bytes

    @classmethod
    def generate(cls) -> "PrivateKey":
        return cls(os.urandom(MLKEM_SEED_BYTES), os.urandom(X25519_BYTES))

    def _parts(self):
        return (mlkem.MLKEM768PrivateKey.from_seed_bytes(self.mlkem_seed),
                x25519.X25519PrivateKey.from_private_bytes(self.x25519_private))

    @cached_property
    def _public_key(self) -> PublicKey:
        kem, dh = self._parts()
        return PublicKey(kem.public_key().public_bytes_raw() + dh.public_key().public_bytes_raw())

    def public_key(self) -> PublicKey:
        return self._public_key

    @cached_property
    def _hpke_key(self):
        return hpke.MLKEM768X25519PrivateKey(*self._parts())


def seal(public_key: PublicKey, plaintext: bytes) -> bytes:
    padded = plaintext + b"\x80" + b"\x00" * (-(len(plaintext) + 1) % PAD)
    return (bytes([SEALED_VERSION]) + bytes.fromhex(public_key.fingerprint)
            + SUITE.encrypt(padded, public_key._hpke_key, info=INFO))


def sealed_fingerprint(sealed: bytes) -> str:
    return bytes(sealed)[1:1 + FINGERPRINT_BYTES].hex()


def unseal(private_key: PrivateKey, sealed: bytes) -> bytes:
    sealed = bytes(sealed)
    if len(sealed) < 1 + FINGERPRINT_BYTES or sealed[0] != SEALED_VERSION:
        raise Damaged("This is not a sealed Awaz value (or it was damaged).")
    if sealed[1:1 + FINGERPRINT_BYTES].hex() != private_key.public_key().fingerprint:
        raise WrongKey(
            f"Sealed to another key (fingerprint {sealed_fingerprint(sealed)}); this private key is "
            f"{private_key.public_key().fingerprint}."
        )
    try:
        padded = SUITE.decrypt(sealed[1 + FINGERPRINT_BYTES:], private_key._hpke_key, info=INFO)
    except (InvalidTag, ValueError):
        raise Damaged("A sealed value failed authentication: the file was damaged or altered.") from None
    end = padded.rstrip(b"\x00")
    if not end.endswith(b"\x80"):
        raise Damaged("A sealed value has bad padding: the file was damaged or altered.")
    return end[:-1]


def seal_json(public_key: PublicKey, data: dict) -> bytes:
    return seal(public_key, json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode())


def unseal_json(private_key: PrivateKey, sealed: bytes) -> dict:
    try:
        return json.loads(unseal(private_key, sealed).decode())
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise Damaged("A sealed value does not hold Awaz data.") from None


# --- The private key file -------------------------------------------------------------------

def _passphrase_key(passphrase: str, salt: bytes, n: int, r: int) -> bytes:
    return Scrypt(salt=salt, length=32, n=n, r=r, p=1).derive(passphrase.encode())


def private_key_file(private_key: PrivateKey, passphrase: str, *, scrypt_n: int = SCRYPT_N) -> bytes:
    """The key file's bytes: the private key encrypted under the passphrase."""
    if not passphrase:
        raise SealingError("A passphrase is required: the key file must be useless to whoever finds it.")
    salt, nonce = os.urandom(16), os.urandom(12)
    public = private_key.public_key()
    header = {"format": KEY_FILE_FORMAT, "version": 1, "kem": "MLKEM768_X25519", "kdf": "scrypt",
              "scrypt_n": scrypt_n, "scrypt_r": SCRYPT_R, "salt": _b64(salt), "nonce": _b64(nonce),
              "public_key": public.text, "fingerprint": public.fingerprint}
    aad = json.dumps(header, sort_keys=True).encode()
    secret = AESGCM(_passphrase_key(passphrase, salt, scrypt_n, SCRYPT_R)).encrypt(
        nonce, private_key.mlkem_seed + private_key.x25519_private, aad)
    return (json.dumps({**header, "ciphertext": _b64(secret)}, indent=2) + "\n").encode()


def load_private_key_file(data: bytes, passphrase: str) -> PrivateKey:
    try:
        document = json.loads(data.decode())
        if document.get("format") != KEY_FILE_FORMAT or document.get("version") != 1:
            raise ValueError
        header = {k: v for k, v in document.items() if k != "ciphertext"}
        salt, nonce, secret = (_unb64(document[k]) for k in ("salt", "nonce", "ciphertext"))
        n, r = int(document["scrypt_n"]), int(document["scrypt_r"])
    except (ValueError, KeyError, TypeError, AttributeError, UnicodeDecodeError):
        raise Damaged("This is not an Awaz sealing private key file (made by `awaz seal-keygen`), or it is damaged.") from None
    try:
        raw = AESGCM(_passphrase_key(passphrase, salt, n, r)).decrypt(
            nonce, secret, json.dumps(header, sort_keys=True).encode())
    except InvalidTag:
        raise WrongPassphrase("Wrong passphrase for this key file (or the file was altered).") from None
    key = PrivateKey(raw[:MLKEM_SEED_BYTES], raw[MLKEM_SEED_BYTES:])
    if key.public_key().text != document.get("public_key"):
        raise Damaged("The key file's public key does not match its private key: the file was altered.")
    return key
