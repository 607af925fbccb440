"""Email addresses: syntax validation without the network, and normalization for duplicates."""

import unicodedata

from django.core.exceptions import ValidationError
from django.core.validators import validate_email

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


def is_valid_email(address: str) -> bool:
    try:
        validate_email(address)
    except ValidationError:
        return False
    return True
