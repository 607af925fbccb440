"""Email addresses: syntax validation without the network, and normalization for duplicates."""

import re
import unicodedata

from django.core.exceptions import ValidationError
from django.core.validators import validate_email

# Characters that no address may hold anywhere, quoted local parts included: C0 controls, DEL,
# C1 controls (NEL among them) and the Unicode line and paragraph separators. RFC 5322 allows
# some of them inside quotes, but Python's email package folds headers at \x0b, \x0c, \x1c-\x1e,
# \x85, U+2028 and U+2029 as it does at \n, so such an address splits the To: header in two and
# can inject a header or a body line.
_CONTROLS = frozenset([*map(chr, range(0x00, 0x20)), "\x7f", *map(chr, range(0x80, 0xA0)), "\u2028", "\u2029"])

# An address every parser on its way reads as it is: a dot-atom of ASCII characters, "@", a host
# name of letter, digit and hyphen labels. Django's sanitize_address returns such an address
# unchanged and smtplib's quoteaddr makes it "<address>" (tests/core/test_email_address.py
# holds both parsers to it), so the outbox need not run either on it (awaz.core.smtp,
# awaz.signatures.signer_emails).
_ATEXT = r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+"
_LABEL = r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
_PLAIN = re.compile(rf"{_ATEXT}(?:\.{_ATEXT})*@{_LABEL}(?:\.{_LABEL})*")

# Providers that ignore dots in the local part. (Gmail's documented behaviour.)
DOTLESS_DOMAINS = {"gmail.com", "googlemail.com"}
DOMAIN_ALIASES = {"googlemail.com": "gmail.com"}


def split_address(address: str) -> tuple[str, str]:
    local, _, domain = address.rpartition("@")
    return local, domain


def normalize_domain(domain: str) -> str:
    domain = domain.strip().rstrip(".").lower()
    try:
        domain = domain.encode("idna").decode("ascii")
    except UnicodeError:
        pass  # syntax validation reports it; normalization must not crash
    return DOMAIN_ALIASES.get(domain, domain)


def normalize_email(address: str) -> str:
    """The form of an address used to find duplicates: one person, one signature.

    Case is folded everywhere (hardly any provider treats it as significant), "+tags" are
    dropped everywhere (sub-addressing is the cheapest way to mint many addresses for one
    inbox), and Gmail's dots are dropped.
    """
    address = unicodedata.normalize("NFC", address.strip())
    local, domain = split_address(address)
    domain = normalize_domain(domain)
    local = local.casefold().split("+", 1)[0]
    if domain in DOTLESS_DOMAINS:
        local = local.replace(".", "")
    return f"{local}@{domain}"


def email_domain(address: str) -> str:
    return normalize_domain(split_address(address)[1])


def has_control_characters(value: str) -> bool:
    """True if `value` holds a control character or a line break anywhere."""
    return not _CONTROLS.isdisjoint(value)


def is_plain_address(address: str) -> bool:
    """True if `address` is in the form that needs no parsing (see _PLAIN) and not too long."""
    return len(address) <= 254 and _PLAIN.fullmatch(address) is not None


def is_valid_email(address: str) -> bool:
    if has_control_characters(address):
        return False
    try:
        validate_email(address)
    except ValidationError:
        return False
    return True
