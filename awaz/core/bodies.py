"""How large a request body may be and how long it may take to arrive, and the pages that say no.

A visitor's form fits in a few kilobytes, so a public request may carry at most
BODY_MAX_BYTES (64 KiB) and must arrive within BODY_SECONDS (10 s) of its headers; the admin,
where campaigners upload images and attachments, allows ADMIN_BODY_MAX_BYTES (20 MiB) within
ADMIN_BODY_SECONDS (120 s). The limits are enforced by the server bridge (awaz/core/asgi.py),
which reads bodies on its event loop, where a slow sender holds no thread. When it refuses a
body it hands Django the request without it, marked with REFUSED_KEY, and the middleware here
answers 408 or 413 with a page in the visitor's language, before any view or form runs.
"""

from dataclasses import dataclass

from django.conf import settings
from django.shortcuts import render

# A WSGI key no client can set (headers arrive as HTTP_*): the status the bridge refused with.
REFUSED_KEY = "awaz.body.refused"
TOO_SLOW = 408
TOO_LARGE = 413


@dataclass(frozen=True)
class BodyLimit:
    max_bytes: int
    seconds: float


def body_limit(path: str) -> BodyLimit:
    if path == f"/{settings.ADMIN_URL}" or path.startswith(f"/{settings.ADMIN_URL}/"):
        return BodyLimit(settings.ADMIN_BODY_MAX_BYTES, settings.ADMIN_BODY_SECONDS)
    return BodyLimit(settings.BODY_MAX_BYTES, settings.BODY_SECONDS)


def refuse_unread_body(get_response):
    """Answers the requests whose body the bridge refused (after LocaleMiddleware, for the language)."""

    def middleware(request):
        refused = request.META.get(REFUSED_KEY)
        if refused == TOO_SLOW:
            response = render(request, "errors/408.html", status=TOO_SLOW)
        elif refused == TOO_LARGE:
            response = render(request, "errors/413.html", status=TOO_LARGE)
        else:
            return get_response(request)
        # The rest of the body was never read: the connection cannot carry another request.
        response["Connection"] = "close"
        return response

    return middleware
