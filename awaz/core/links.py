"""Absolute links: always from the configured address (AWAZ_BASE_URL), never from the request.

The Host header is the visitor's to write: `Host: 127.0.0.1:6666` once put that port into the
share links of a page the cache then served to everyone. Every link that leaves a page (share
links, canonical, og:url, hreflang, feeds, the sitemap, emails) is built here or from
settings.BASE_URL directly; `request.build_absolute_uri` is not used for them.
"""

from django.conf import settings


def absolute_url(path: str) -> str:
    return settings.BASE_URL + path
