"""The "confirmed" page of the express lane, rendered once per kind of page and filled in per signer.

Rendering `signatures/confirmed.html` (base.html, nine language alternates through
`translate_url`, the share links) cost about 3.5 ms of CPU, half of a confirmation's. Two
signers of one petition who confirm in the same language see the same page but for four things:
the token in the page's own address (the language alternates and the language chooser's
`next`), their receipt, the count and the goal. So the page is rendered once per key, with a
marker in place of each of those, and cut at the markers; each confirmation joins the pieces
around its own values, escaped and localized exactly as the template engine would
(`render_value_in_context`). The result is the body `views.confirmed_page` renders, byte for
byte (tests/signatures/test_express_links.py holds the lane's answers to Django's).

The key is every other value the template reads, taken from this request: the language, the
link base (onion or not), the incident banner, VALID or DONE, whether there is a receipt, and
the petition's slug, title, closing date and open/closed state. A change to any of these is a
new key, so nothing needs forgetting but the petition's title, which is read from the database
at most once every TITLE_SECONDS per petition and language (the petition page itself is cached
for a second). No marker holds a value: the token, the receipt and the count never enter the
cache, nor anything else of a signer.
"""

import re
import secrets
import time
from io import BytesIO
from threading import Lock
from types import SimpleNamespace

from django.core.handlers.wsgi import WSGIRequest
from django.core.signals import setting_changed
from django.http import HttpResponse
from django.shortcuts import render
from django.template import Context
from django.template.base import render_value_in_context

from awaz.core import languages
from awaz.core.context_processors import site_banner
from awaz.core.milestones import goal_for
from awaz.core.onion import base_url
from awaz.signatures.counts import petition_numbers
from awaz.signatures.presenters import PetitionSummary
from awaz.transparency.services import receipt_context

TEMPLATE = "signatures/confirmed.html"
TITLE_SECONDS = 1.0
MOST_PAGES = 1000  # keys held at once; past it the cache starts again (a flood of petitions cannot grow it)

_NONCE = secrets.token_hex(8)
# The token goes through translate_url and into links, so its marker is made of the characters
# a token may have (URL-safe, untouched by escaping). The other values only ever appear as
# text: private-use characters that escaping leaves alone and no title contains.
TOKEN_MARKER = f"awazMarker{_NONCE}token"
VALUES = ("receipt", "sentence", "count", "goal", "percent", "result")
MARKERS = {field: f"\ue000{_NONCE}{field}\ue001" for field in VALUES}
_FIELD_OF = {**{marker: field for field, marker in MARKERS.items()}, TOKEN_MARKER: "token"}
_SPLIT = re.compile("(" + "|".join(re.escape(marker) for marker in _FIELD_OF) + ")")

_pages: dict[tuple, tuple] = {}
_titles: dict[tuple[int, str], tuple[float, str | None]] = {}
_lock = Lock()


def forget() -> None:
    """Drop what this process holds: tests call it, and it runs when a setting changes."""
    with _lock:
        _pages.clear()
        _titles.clear()


setting_changed.connect(lambda **kwargs: forget(), weak=False)


def confirmed_response(request, state, signature, token: str) -> HttpResponse:
    """What `views.confirmed_page(request, state, signature)` returns, for the link `token`."""
    petition = signature.petition
    language = languages.current()
    receipt = receipt_context(signature).get("receipt")
    numbers = getattr(signature, "numbers_counted", None) or petition_numbers(petition.pk)
    summary = PetitionSummary(petition, None, False, numbers, goal_for(numbers.total, petition.goal))
    title = _title(petition, language)
    is_open, is_closed = summary.is_open, summary.is_closed
    closes_on = summary.closes_on
    key = (language, base_url(), site_banner(), state.value, receipt is not None, petition.pk, petition.slug,
           petition.closes_at, title, is_open, is_closed, closes_on)
    pieces = _pages.get(key)
    if pieces is None:
        pieces = _render_marked(request, state, signature, title, is_open, is_closed, closes_on, receipt is not None)
        with _lock:
            if len(_pages) >= MOST_PAGES:
                _pages.clear()
            _pages[key] = pieces
    values = {
        "token": token, "receipt": receipt, "sentence": summary.sentence, "count": summary.count,
        "goal": summary.goal, "percent": summary.percent, "result": summary.result,
    }
    context = Context()  # as the template engine renders a variable: localized, then escaped
    body = "".join(piece if piece.__class__ is str
                   else (token if piece[0] == "token" else render_value_in_context(values[piece[0]], context))
                   for piece in pieces)
    return HttpResponse(body)


def _title(petition, language: str) -> str | None:
    """The petition's title in `language` (or its fallback), as the page's share links use it."""
    now = time.monotonic()
    held = _titles.get((petition.pk, language))
    if held is not None and now - held[0] < TITLE_SECONDS:
        return held[1]
    text, _is_fallback = petition.translated(language)
    title = text.title if text is not None else None
    with _lock:
        if len(_titles) >= MOST_PAGES:
            _titles.clear()
        _titles[(petition.pk, language)] = (now, title)
    return title


def _render_marked(request, state, signature, title, is_open, is_closed, closes_on, with_receipt) -> tuple:
    """The page rendered by Django with markers for the signer's values, cut at them."""
    path = request.path_info.rsplit("/", 2)[0] + f"/{TOKEN_MARKER}/"
    marked_request = WSGIRequest({**request.environ, "PATH_INFO": path, "wsgi.input": BytesIO()})
    marked_request.LANGUAGE_CODE = request.LANGUAGE_CODE
    summary = SimpleNamespace(
        petition=signature.petition, text=SimpleNamespace(title=title) if title is not None else None,
        is_open=is_open, is_closed=is_closed, closes_on=closes_on,
        **{field: MARKERS[field] for field in VALUES if field != "receipt"},
    )
    context = {"state": state.value, "summary": summary}
    if with_receipt:
        context.update(receipt=MARKERS["receipt"], verify_slug=signature.petition.slug)
    rendered = render(marked_request, TEMPLATE, context).content.decode()
    return tuple((_FIELD_OF[part],) if part in _FIELD_OF else part for part in _SPLIT.split(rendered) if part)
