"""Disposable ("throwaway") email domains, which cannot be used to sign.

A signature is only as good as the inbox behind it; a throwaway inbox lets one person confirm
a hundred signatures. The list comes from the `disposable-email-domains` package (a
community-maintained list, released every few weeks), read once into a frozenset. Subdomains
are refused with their parent: `anything.mailinator.com` is as disposable as `mailinator.com`.

Nothing here touches the network: no DNS or MX look-ups at signing time.
"""

from functools import lru_cache


@lru_cache(maxsize=1)
def _blocklist() -> frozenset[str]:
    from disposable_email_domains import blocklist

    return frozenset(domain.lower() for domain in blocklist)


def is_disposable_domain(domain: str) -> bool:
    """True for a listed domain and for any subdomain of one. Expects a normalized domain
    (see awaz.core.email_address.email_domain)."""
    blocked = _blocklist()
    labels = domain.strip().rstrip(".").lower().split(".")
    # Parents down to the last two labels: "a.b.mailinator.com" -> b.mailinator.com, mailinator.com.
    return any(".".join(labels[i:]) in blocked for i in range(len(labels) - 1))
