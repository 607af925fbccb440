"""The embeddable widget: which sites may frame a petition, and the headers that say so.

A petition lists the origins of the sites that may show it in a frame (`embed_origins`, one
`https://host[:port]` per line). Its embed page, and the pages a signature inside the frame
leads to, send `Content-Security-Policy: frame-ancestors <those origins>` exactly; every other
page, and every petition that lists none, keeps `frame-ancestors 'none'` and
`X-Frame-Options: DENY`. Signing in the frame needs no cookie at all (the form carries its own
signed token, awaz.core.public_forms), so browsers that block third-party cookies sign the same.
"""

import re
from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from awaz.core.middleware import PUBLIC_CSP

ORIGIN = re.compile(r"^(https://[a-z0-9.-]+|http://(localhost|127\.0\.0\.1))(:\d{1,5})?$")


def parse_origins(text: str) -> list[str]:
    """The origins of a petition's list, normalised (lower case, no path or trailing slash)."""
    origins = []
    for line in (text or "").splitlines():
        line = line.strip()
        if not line:
            continue
        parts = urlsplit(line.lower())
        origins.append(f"{parts.scheme}://{parts.netloc}")
    return origins


def validate_origins(text: str) -> None:
    for line in (text or "").splitlines():
        line = line.strip()
        if not line:
            continue
        parts = urlsplit(line.lower())
        origin = f"{parts.scheme}://{parts.netloc}"
        if not ORIGIN.match(origin) or parts.path not in ("", "/") or parts.query or parts.fragment:
            raise ValidationError(
                _("“%(line)s” is not a site address. Write one per line, like https://example.org"),
                code="invalid_origin",
                params={"line": line[:100]},
            )


def is_framed(request) -> bool:
    """Whether the browser is loading this page into a frame (Fetch Metadata)."""
    return request.headers.get("Sec-Fetch-Dest") in {"iframe", "frame"}


def allow_framing(response, origins: list[str]):
    """Let exactly `origins` frame this response ('none' if there are none)."""
    ancestors = " ".join(origins) if origins else "'none'"
    response.headers["Content-Security-Policy"] = PUBLIC_CSP.replace("frame-ancestors 'none'", f"frame-ancestors {ancestors}")
    if origins:
        response.xframe_options_exempt = True
        # The embedding page may require it (Cross-Origin-Embedder-Policy).
        response.headers["Cross-Origin-Resource-Policy"] = "cross-origin"
    return response


def snippet(petition, language: str) -> str:
    """The HTML a campaign pastes into its own page to show the widget."""
    from django.urls import reverse
    from django.utils import translation
    from django.utils.html import escape

    from awaz.core.links import absolute_url

    with translation.override(language):
        url = absolute_url(reverse("petitions:embed", kwargs={"slug": petition.slug}))
    title = escape(str(petition))
    return f'<iframe src="{url}" title="{title}" width="100%" height="760" style="border:0; max-width:40rem" loading="lazy"></iframe>'
