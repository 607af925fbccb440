"""What sealing one signer costs, for the choice in docs/sealed-petitions.md:
`python bench/sealing.py [N]` prints, per scheme, the time to seal and to open one signer's
details and the size of the sealed value.

Schemes: HPKE (RFC 9180) from `cryptography` with X25519 alone and with the hybrid ML-KEM-768 +
X25519 KEM (Awaz's choice, awaz.core.sealing), and libsodium's sealed box through PyNaCl if it
can be imported (it is not an Awaz dependency: `pip install --target DIR pynacl` and put DIR on
PYTHONPATH to compare).
"""

import json
import statistics
import sys
import time

from cryptography.hazmat.primitives import hpke
from cryptography.hazmat.primitives.asymmetric import x25519

from awaz.core import sealing

DETAILS = json.dumps({"name": "Mihrigul Tursun", "email": "mihrigul.tursun@example.org",
                      "comment": "For my father, held since 2017.", "language": "ug", "country": "DE",
                      "signed_at": "2026-12-01T12:00:00+00:00"}).encode()


def _time(function, n: int) -> float:
    """Median microseconds of one call, over 5 rounds of n calls."""
    rounds = []
    for _ in range(5):
        started = time.perf_counter()
        for _ in range(n):
            function()
        rounds.append((time.perf_counter() - started) / n * 1e6)
    return statistics.median(rounds)


def schemes():
    private = sealing.PrivateKey.generate()
    public = private.public_key()
    sealed = sealing.seal(public, DETAILS)
    yield ("HPKE ML-KEM-768+X25519, HKDF-SHA256, AES-256-GCM (Awaz)",
           lambda: sealing.seal(public, DETAILS), lambda: sealing.unseal(private, sealed), len(sealed), len(public.text))

    suite = hpke.Suite(hpke.KEM.X25519, hpke.KDF.HKDF_SHA256, hpke.AEAD.AES_256_GCM)
    key = x25519.X25519PrivateKey.generate()
    classic = suite.encrypt(DETAILS, key.public_key(), info=sealing.INFO)
    yield ("HPKE X25519, HKDF-SHA256, AES-256-GCM", lambda: suite.encrypt(DETAILS, key.public_key(), info=sealing.INFO),
           lambda: suite.decrypt(classic, key, info=sealing.INFO), len(classic), 44)

    try:
        from nacl.public import PrivateKey, SealedBox
    except ImportError:
        return
    nacl_key = PrivateKey.generate()
    box, opener = SealedBox(nacl_key.public_key), SealedBox(nacl_key)
    boxed = box.encrypt(DETAILS)
    yield ("libsodium sealed box (PyNaCl): X25519, XSalsa20-Poly1305", lambda: box.encrypt(DETAILS),
           lambda: opener.decrypt(boxed), len(boxed), 44)


def main(n: int) -> None:
    print(f"One signer's details: {len(DETAILS)} bytes of JSON (Awaz pads to a multiple of {sealing.PAD}).")
    print(f"{'scheme':60} {'seal µs':>9} {'open µs':>9} {'sealed B':>9} {'pubkey chars':>13}")
    for name, seal, unseal, size, key_size in schemes():
        print(f"{name:60} {_time(seal, n):9.0f} {_time(unseal, n):9.0f} {size:9} {key_size:13}")
    key = sealing.PrivateKey.generate()
    started = time.perf_counter()
    sealing.load_private_key_file(sealing.private_key_file(key, "bench"), "bench")
    print(f"Key file: writing and reading it back (scrypt N=2^17 twice) took {time.perf_counter() - started:.2f} s.")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 200)
