"""Absolute links: always from the configured address (AWAZ_BASE_URL), never from the request.

The Host header is the visitor's to write: `Host: 127.0.0.1:6666` once put that port into the
share links of a page the cache then served to everyone. Every link that leaves a page (share
links, canonical, og:url, hreflang, feeds, the sitemap, emails) is built here or from
settings.BASE_URL directly; `request.build_absolute_uri` is not used for them.
"""

from awaz.core.onion import base_url


def absolute_url(path: str) -> str:
    # AWAZ_BASE_URL, or AWAZ_ONION_URL for a visitor who came through the onion service.
    return base_url() + path
