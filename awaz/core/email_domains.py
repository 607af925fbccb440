"""Email domains as the rate limits and the fraud desk see them: who owns a domain (its
registrable part) and whether it is a large provider that millions share."""

from django.conf import settings

# Providers with millions of users: a surge of real signers from one of them is normal, so a
# per-domain limit would only hurt people. Per-domain limits are aimed at small domains, which
# is where a flood with a catch-all domain of one's own comes from. Administrators add more
# with AWAZ_RATE_LARGE_DOMAINS (a university, a trade union).
LARGE_EMAIL_PROVIDERS = frozenset(
    {
        "gmail.com", "outlook.com", "hotmail.com", "hotmail.co.uk", "hotmail.fr", "live.com", "live.fr",
        "msn.com", "yahoo.com", "yahoo.co.uk", "yahoo.fr", "yahoo.co.jp", "ymail.com", "aol.com",
        "icloud.com", "me.com", "mac.com", "proton.me", "protonmail.com", "pm.me", "tutanota.com",
        "tuta.io", "gmx.de", "gmx.net", "gmx.com", "web.de", "t-online.de", "orange.fr", "free.fr",
        "laposte.net", "sfr.fr", "wanadoo.fr", "libero.it", "mail.ru", "yandex.ru", "yandex.com",
        "ya.ru", "rambler.ru", "qq.com", "163.com", "126.com", "sina.com", "foxmail.com",
        "naver.com", "daum.net", "docomo.ne.jp", "ezweb.ne.jp", "softbank.ne.jp", "fastmail.com",
        "zoho.com", "mail.com", "seznam.cz", "wp.pl", "o2.pl", "interia.pl", "comcast.net",
        "verizon.net", "att.net", "btinternet.com", "sky.com", "bigpond.com", "rediffmail.com",
    }
)
# Second-level labels under which registries hand out names (example.co.uk, example.ac.jp).
_SECOND_LEVEL = frozenset({"ac", "co", "com", "edu", "gov", "net", "org", "ne", "or", "go", "gob", "nic", "mil"})


def registrable_domain(domain: str) -> str:
    """The part of a domain one owner controls, so random subdomains of a catch-all domain
    (a1.flood.example, a2.flood.example) share one count. An approximation of the public
    suffix list that errs towards grouping more."""
    labels = [label for label in domain.lower().strip(".").split(".") if label]
    if len(labels) >= 3 and len(labels[-1]) == 2 and labels[-2] in _SECOND_LEVEL:
        return ".".join(labels[-3:])
    return ".".join(labels[-2:])


def is_large_provider(domain: str) -> bool:
    return domain in LARGE_EMAIL_PROVIDERS or domain in settings.RATE_LARGE_DOMAINS
