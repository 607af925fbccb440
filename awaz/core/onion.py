"""The onion service (AWAZ_ONION_URL): Tor users reach Awaz without leaving the Tor network.

When AWAZ_ONION_URL is set, every page reached through the public address carries an
`Onion-Location` header (Tor Browser then offers the onion address), and a request that came
to the onion host gets onion links: pages (share links, canonical, hreflang) and the emails of a
signer who signed there (`Signature.via_onion`). The host is read from the request only to
choose between the two configured addresses, never to build a link from it.

The choice is held in a context variable for the request: set by `OnionAwareApp` around the
whole WSGI application (the signing express lane included) and by `onion_location` inside
Django (the test client), read by `came_through_onion()` and `base_url()`.
"""

from contextvars import ContextVar
from urllib.parse import urlsplit

from django.conf import settings

_via_onion: ContextVar[bool] = ContextVar("awaz_via_onion", default=False)


def onion_host() -> str:
    return (urlsplit(settings.ONION_URL).hostname or "").lower() if settings.ONION_URL else ""


def is_onion_host(host: str) -> bool:
    onion = onion_host()
    return bool(onion) and host.lower().rsplit(":", 1)[0] == onion


def came_through_onion() -> bool:
    return _via_onion.get()


def base_url(via_onion: bool | None = None) -> str:
    """The address links are built from: the onion one for onion visitors, else AWAZ_BASE_URL."""
    if via_onion is None:
        via_onion = came_through_onion()
    return settings.ONION_URL if via_onion and settings.ONION_URL else settings.BASE_URL


class OnionAwareApp:
    """WSGI wrapper: marks the requests that came to the onion host."""

    def __init__(self, application):
        self.application = application

    def __call__(self, environ, start_response):
        token = _via_onion.set(is_onion_host(environ.get("HTTP_HOST", "")))
        try:
            return self.application(environ, start_response)
        finally:
            _via_onion.reset(token)


def onion_location(get_response):
    def middleware(request):
        if not settings.ONION_URL:
            return get_response(request)
        via_onion = is_onion_host(request.META.get("HTTP_HOST", ""))
        token = _via_onion.set(via_onion)
        try:
            response = get_response(request)
        finally:
            _via_onion.reset(token)
        if not via_onion:
            response.headers["Onion-Location"] = settings.ONION_URL + request.get_full_path()
        return response

    return middleware
