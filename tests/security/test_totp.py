"""awaz.core.totp against the published test vectors of RFC 4226 and RFC 6238."""

import base64
import hashlib

import pytest

from awaz.core import totp

SHA1_SEED = b"12345678901234567890"
SHA256_SEED = b"12345678901234567890123456789012"
SHA512_SEED = b"1234567890" * 6 + b"1234"


def test_it_matches_the_rfc4226_hotp_vectors():
    expected = ["755224", "287082", "359152", "969429", "338314", "254676", "287922", "162583", "399871", "520489"]
    assert [totp.hotp(SHA1_SEED, counter) for counter in range(10)] == expected


@pytest.mark.parametrize(
    "at, sha1, sha256, sha512",
    [
        (59, "94287082", "46119246", "90693936"),
        (1111111109, "07081804", "68084774", "25091201"),
        (1111111111, "14050471", "67062674", "99943326"),
        (1234567890, "89005924", "91819424", "93441116"),
        (2000000000, "69279037", "90698825", "38618901"),
        (20000000000, "65353130", "77737706", "47863826"),
    ],
)
def test_it_matches_the_rfc6238_totp_vectors(at, sha1, sha256, sha512):
    step = totp.time_step(at)
    assert totp.hotp(SHA1_SEED, step, digits=8, digest=hashlib.sha1) == sha1
    assert totp.hotp(SHA256_SEED, step, digits=8, digest=hashlib.sha256) == sha256
    assert totp.hotp(SHA512_SEED, step, digits=8, digest=hashlib.sha512) == sha512


def test_it_reads_base32_secrets_as_authenticator_apps_write_them():
    secret = base64.b32encode(SHA1_SEED).decode().rstrip("=")
    assert totp.code_at(secret, 59) == "287082"  # the last six digits of 94287082
    assert totp.code_at(secret.lower(), 59) == "287082"
    spaced = " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))
    assert totp.code_at(spaced, 59) == "287082"


def test_it_accepts_one_step_of_clock_drift_and_no_more():
    secret = totp.new_secret()
    now = 1_700_000_000
    assert totp.matching_step(secret, totp.code_at(secret, now), at=now) == totp.time_step(now)
    assert totp.matching_step(secret, totp.code_at(secret, now - 30), at=now) == totp.time_step(now) - 1
    assert totp.matching_step(secret, totp.code_at(secret, now + 30), at=now) == totp.time_step(now) + 1
    assert totp.matching_step(secret, totp.code_at(secret, now - 90), at=now) is None
    assert totp.matching_step(secret, totp.code_at(secret, now + 90), at=now) is None


def test_it_refuses_a_code_whose_step_was_already_used():
    secret = totp.new_secret()
    now = 1_700_000_000
    code = totp.code_at(secret, now)
    assert totp.matching_step(secret, code, after_step=totp.time_step(now), at=now) is None
    assert totp.matching_step(secret, code, after_step=totp.time_step(now) - 1, at=now) == totp.time_step(now)


@pytest.mark.parametrize("code", ["", "12345", "1234567", "abcdef", "١٢٣٤٥٦"])
def test_it_refuses_malformed_codes(code):
    assert totp.matching_step(totp.new_secret(), code) is None


def test_it_makes_random_160_bit_secrets():
    first, second = totp.new_secret(), totp.new_secret()
    assert first != second
    assert len(first) == 32 and len(base64.b32decode(first)) == 20


def test_it_builds_an_otpauth_uri_for_authenticator_apps():
    uri = totp.provisioning_uri("JBSWY3DPEHPK3PXP", account="boss", issuer="Awaz")
    assert uri.startswith("otpauth://totp/Awaz:boss?")
    assert "secret=JBSWY3DPEHPK3PXP" in uri and "issuer=Awaz" in uri and "digits=6" in uri and "period=30" in uri
