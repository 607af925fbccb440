"""The express lane: a plainly valid signature, confirmation or withdrawal, without Django's
full request cycle.

When a petition goes viral, nearly every request that writes is a valid signature, and soon
after, its confirmation. Django's handler, its middleware stack and the URL resolver cost more
CPU than storing either. This WSGI wrapper recognises

- `POST /<language>/petitions/<slug>/sign/` and calls the pipeline the view calls
  (`awaz.signatures.signing.signature_sign`, without asking for an explanation); a stored
  signature is answered with the view's redirect;
- `POST /<language>/confirm/<token>/` and `POST /<language>/withdraw/<token>/`, and calls the
  services the views call (`signature_confirm`, `signature_withdraw`); a link that works, or
  (confirmation) worked before, is answered with the view's own page (`views.withdrawn_page`;
  for a confirmation the same page prepared once and filled in, `confirmed_page`) and the
  headers the middleware would add (tests/signatures/test_express_links.py holds them to it).

Anything else (an error to explain, a limit reached, a closed petition, a link that does not
work, a body in another encoding, a query string, a failure) goes to Django
unchanged, and nothing it counted is left counted: so the express lane adds speed and never a
second set of rules or pages.
"""

import logging
import re
import time
from functools import lru_cache
from io import BytesIO
from threading import Lock

from django.conf import settings
from django.core.exceptions import DisallowedHost
from django.core.handlers.wsgi import WSGIRequest
from django.db import DEFAULT_DB_ALIAS, connections
from django.urls import reverse
from django.utils import translation

from awaz.core.bodies import REFUSED_KEY
from awaz.core.middleware import public_response_headers
from awaz.core.nul import request_has_nul
from awaz.core.onion import came_through_onion
from awaz.core.public_forms import is_cross_site
from awaz.petitions.models import Petition
from awaz.signatures import views
from awaz.signatures.confirmed_page import confirmed_response
from awaz.signatures.services import LinkState, signature_confirm, signature_withdraw
from awaz.signatures.signing import Stored, signature_sign

logger = logging.getLogger(__name__)

SIGN_PATH = re.compile(r"^/(?P<language>[a-z]{2}(?:-[a-z]{4})?)/petitions/(?P<slug>[-a-zA-Z0-9_]+)/sign/$")
LINK_PATH = re.compile(r"^/(?P<language>[a-z]{2}(?:-[a-z]{4})?)/(?P<action>confirm|withdraw)/(?P<token>[-A-Za-z0-9_]{16,64})/$")
FORM_CONTENT_TYPE = "application/x-www-form-urlencoded"
# A confirmation's form has a button and no fields: anything bigger is not a browser's post.
LINK_BODY_MAX = 1024
# How long this process trusts what it read about a petition (open? closing when?). Closing a
# petition in the admin reaches every process within this time; a deadline is exact.
PETITION_SECONDS = 1.0

_petitions: dict[str, tuple[float, Petition | None]] = {}
_petitions_lock = Lock()


def open_petition(slug: str) -> Petition | None:
    """The public petition, read at most once a second per process."""
    now = time.monotonic()
    held = _petitions.get(slug)
    if held is not None and now - held[0] < PETITION_SECONDS:
        return held[1]
    petition = Petition.objects.public().only("pk", "slug", "status", "closes_at").filter(slug=slug).first()
    with _petitions_lock:
        if len(_petitions) > 1000:  # slugs that do not exist must not grow this without end
            _petitions.clear()
        _petitions[slug] = (now, petition)
    return petition


@lru_cache(maxsize=1024)
def thanks_path(language: str, slug: str) -> str:
    with translation.override(language):
        return reverse("petitions:thanks", kwargs={"slug": slug})


def _release_connection() -> None:
    """Django's end-of-request database care, minus its cost when nothing is wrong.

    Django's close_old_connections() also re-arms the health check, which costs a `SELECT 1`
    on the next request: under load, as much again as the signature's own insert. Here the
    connection is dropped only if it failed or is past CONN_MAX_AGE; a failure hands the
    request to Django, whose handling reconnects.
    """
    db = connections[DEFAULT_DB_ALIAS]
    if db.connection is None or db.in_atomic_block:  # a caller's transaction (tests) is theirs to end
        return
    expired = db.close_at is not None and time.monotonic() >= db.close_at
    if db.errors_occurred or expired:
        db.close_if_unusable_or_obsolete()


def _body_of(environ) -> bytes | None:
    """The form body, if it is a small urlencoded one; the stream is left readable for Django."""
    content_type = environ.get("CONTENT_TYPE", "").split(";")[0].strip().lower()
    try:
        length = int(environ.get("CONTENT_LENGTH") or "")
    except ValueError:
        return None
    if content_type != FORM_CONTENT_TYPE or not 0 < length <= settings.DATA_UPLOAD_MAX_MEMORY_SIZE:
        return None
    body = environ["wsgi.input"].read(length)
    environ["wsgi.input"] = BytesIO(body)
    return body if len(body) == length else None


class SigningExpressLane:
    def __init__(self, django_application):
        self.django = django_application
        self.languages = {code for code, _name in settings.LANGUAGES}

    def __call__(self, environ, start_response):
        if environ.get("REQUEST_METHOD") == "POST":
            path = environ.get("PATH_INFO", "")
            match = SIGN_PATH.match(path)
            if match and match["language"] in self.languages:
                location = self._sign(environ, match["language"], match["slug"])
                if location is not None:
                    headers = [("Location", location), ("Content-Type", "text/html; charset=utf-8"),
                               ("Content-Length", "0"), ("Content-Language", match["language"])]
                    start_response("302 Found", headers + public_response_headers())
                    return [b""]
                return self.django(environ, start_response)
            match = LINK_PATH.match(path)
            if match and match["language"] in self.languages:
                answer = self._link(environ, match["language"], match["action"], match["token"])
                if answer is not None:
                    status, headers, content = answer
                    start_response(status, headers)
                    return [content]
        return self.django(environ, start_response)

    def _link(self, environ, language: str, action: str, token: str) -> tuple[str, list, bytes] | None:
        """Confirm or withdraw, and return the page for a link that worked; None to hand over."""
        if environ.get("QUERY_STRING") or environ.get(REFUSED_KEY):
            return None
        try:
            length = int(environ.get("CONTENT_LENGTH") or 0)
        except ValueError:
            return None
        if not 0 <= length <= LINK_BODY_MAX:
            return None
        body = environ["wsgi.input"].read(length) if length else b""
        if len(body) != length:
            return None
        environ["wsgi.input"] = BytesIO(body)
        try:
            answer = self._try_link(environ, language, action, token)
        except Exception:
            # As for signing: Django runs it again and explains. A confirmation committed before
            # the failure is explained as one that worked before.
            logger.exception("The express lane failed; the request goes to Django")
            answer = None
        finally:
            _release_connection()
        if answer is None:
            environ["wsgi.input"] = BytesIO(body)
        return answer

    def _try_link(self, environ, language: str, action: str, token: str) -> tuple[str, list, bytes] | None:
        request = WSGIRequest(environ)
        try:
            request.get_host()
        except DisallowedHost:
            return None
        if settings.SECURE_SSL_REDIRECT and not request.is_secure():
            return None
        if is_cross_site(request) or request_has_nul(request):
            return None  # Django's refusal pages explain these
        with translation.override(language):
            request.LANGUAGE_CODE = language  # as LocaleMiddleware sets it
            if action == "confirm":
                state, signature = signature_confirm(token=token)
                if state not in (LinkState.VALID, LinkState.DONE):
                    return None
                response = confirmed_response(request, state, signature, token)
            else:
                if signature_withdraw(token=token) is not LinkState.VALID:
                    return None
                response = views.withdrawn_page(request)
        return _as_middleware_would(request, response, language)
    def _sign(self, environ, language: str, slug: str) -> str | None:
        """Store the signature and return where to send the signer, or None to hand over."""
        body = _body_of(environ)
        if body is None:
            return None
        try:
            location = self._try_sign(environ, language, slug)
        except Exception:
            # A database or cache that went away, say. The pipeline gave back what it had
            # counted; Django's own handling reconnects and runs it again, and if the fault
            # persists, answers with its error page.
            logger.exception("The express lane failed; the request goes to Django")
            location = None
        finally:
            _release_connection()
        if location is None:
            environ["wsgi.input"] = BytesIO(body)  # unread again, for Django
        return location

    def _try_sign(self, environ, language: str, slug: str) -> str | None:
        request = WSGIRequest(environ)
        try:
            request.get_host()  # ALLOWED_HOSTS, as Django checks it
        except DisallowedHost:
            return None
        if settings.SECURE_SSL_REDIRECT and not request.is_secure():
            return None
        petition = open_petition(slug)
        if petition is None:
            return None
        try:
            request.POST  # noqa: B018 - parsed here so that whatever Django refuses, Django explains
        except Exception:  # noqa: BLE001
            return None
        result = signature_sign(request=request, petition=petition, language=language, explain=False)
        # Anything but a stored signature goes to Django, which runs the same pipeline and
        # renders the answer; a refusal gave back whatever it had counted.
        return thanks_path(language, slug) if isinstance(result, Stored) else None


def _as_middleware_would(request, response, language: str) -> tuple[str, list, bytes]:
    """The status line, headers and body Django's middleware stack would send for `response`
    (security headers, Content-Language, Content-Length, Onion-Location)."""
    content = response.content
    headers = dict(response.items())
    for name, value in public_response_headers():
        headers.setdefault(name, value)
    headers.setdefault("Content-Language", language)
    headers.setdefault("Content-Length", str(len(content)))
    if settings.ONION_URL and not came_through_onion():
        headers["Onion-Location"] = settings.ONION_URL + request.get_full_path()
    cookies = [("Set-Cookie", cookie.output(header="")) for cookie in response.cookies.values()]
    return f"{response.status_code} {response.reason_phrase}", list(headers.items()) + cookies, content
