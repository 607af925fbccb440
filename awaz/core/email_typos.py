"""Typing mistakes in the domains of common email providers: "gmial.com" -> "gmail.com".

A mistyped domain loses the confirmation email, or worse hands it to whoever registered the
typo (many such domains are on the disposable list for that reason). So the form suggests the
provider's domain before it refuses anything, and never changes an address by itself.

Rules: a domain that is itself a known provider is never "corrected"; otherwise a domain within
one edit (a letter added, dropped, changed, or two neighbours swapped) of a provider's, or two
edits for domains of nine characters or more, is a likely typo. A wrong top-level domain
(".con", ".cm", ".co" for ".com") is one edit too. Pure and offline: no DNS look-up.
"""

# Providers people sign with, across the site's languages (webmail in Europe, Russia, Turkey,
# China and Japan included).
PROVIDERS = frozenset(
    """
    gmail.com googlemail.com yahoo.com yahoo.fr yahoo.co.uk yahoo.co.jp yahoo.de hotmail.com hotmail.fr
    hotmail.co.uk hotmail.de hotmail.it outlook.com outlook.fr outlook.de live.com live.fr msn.com
    icloud.com me.com mac.com aol.com mail.com proton.me protonmail.com pm.me gmx.de gmx.net gmx.com
    web.de t-online.de orange.fr free.fr laposte.net sfr.fr wanadoo.fr mail.ru inbox.ru list.ru bk.ru
    yandex.ru yandex.com ya.ru rambler.ru qq.com 163.com 126.com sina.com foxmail.com aliyun.com
    docomo.ne.jp ezweb.ne.jp softbank.ne.jp tutanota.com tuta.io zoho.com fastmail.com posteo.de
    protonmail.ch hotmail.es hotmail.nl live.nl yahoo.es yahoo.it outlook.es gmx.at gmx.ch bluewin.ch
    btinternet.com sky.com libero.it seznam.cz wp.pl o2.pl onet.pl naver.com daum.net hanmail.net
    """.split()
)


# In alphabetical order (of two providers equally near, the first wins), each with its length:
# a provider whose length differs by more than the limit cannot be within it, and is skipped
# without a call (most signers' domains are not near any provider: 78 comparisons each).
_BY_NAME = tuple((provider, len(provider)) for provider in sorted(PROVIDERS))


def _distance(a: str, b: str, limit: int) -> int:
    """Optimal string alignment distance (Damerau-Levenshtein without repeated edits), giving
    up early once every path costs more than `limit`."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            cost = 0 if ca == cb else 1
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                current[j] = min(current[j], previous2[j - 2] + 1)
        if min(current) > limit:
            return limit + 1
        previous2, previous = previous, current
    return previous[-1]


def suggest_domain(domain: str) -> str | None:
    """The provider's domain `domain` is probably a typo of, or None."""
    domain = domain.strip().rstrip(".").lower()
    if not domain or domain in PROVIDERS:
        return None
    limit = 2 if len(domain) >= 9 else 1
    length = len(domain)
    best, best_distance = None, limit + 1
    for provider, provider_length in _BY_NAME:
        if abs(length - provider_length) > limit:
            continue
        distance = _distance(domain, provider, limit)
        if distance < best_distance:
            best, best_distance = provider, distance
    return best


def suggest_address(email: str) -> str | None:
    """The address with the provider's domain in place of a mistyped one, or None."""
    local, at, domain = email.strip().rpartition("@")
    if not at or not local:
        return None
    suggestion = suggest_domain(domain)
    return f"{local}@{suggestion}" if suggestion else None
