"""The emails of the outbox, rendered once per batch and filled in per signer.

Rendering three Django templates costs about 3 ms of CPU; a batch of 100 emails to signers of
one petition differs only in three values: the signer's name and the two links. So each
(email, language, petition, link base, with a name or not) is rendered once, with a marker in
place of each of those values, and cut at the markers; every email of the batch joins the
pieces around its own values, HTML-escaped in the HTML part exactly as the template's
autoescaping would (`django.utils.html.escape`), raw in the text part (which the templates
render with autoescaping off). The result is the same text, byte for byte, as
`awaz.core.mail.build_email` would render (tests/signatures/test_signer_emails.py holds it to
that in several languages).

A value never goes into a template, so nothing a signer types can reach the template engine;
the markers hold a random part chosen per process, so a petition's title cannot contain one.
"""

import re
import secrets
from dataclasses import dataclass

from django.template.loader import render_to_string
from django.utils import translation
from django.utils.html import escape

from awaz.core.languages import direction

FIELDS = ("name", "confirm_url", "withdraw_url")
_NONCE = secrets.token_hex(8)
# Private-use characters: escaping leaves them alone, and neither a form nor a title takes them.
MARKERS = {field: f"\ue000{_NONCE}{field}\ue001" for field in FIELDS}
_SPLIT = re.compile("(" + "|".join(re.escape(marker) for marker in MARKERS.values()) + ")")
_FIELD_OF = {marker: field for field, marker in MARKERS.items()}


def _cut(rendered: str) -> tuple:
    """The rendered text as a tuple of literal strings and field names (in a 1-tuple)."""
    return tuple((_FIELD_OF[part],) if part in _FIELD_OF else part for part in _SPLIT.split(rendered) if part)


def _fill(pieces: tuple, values: dict, quote) -> str:
    return "".join(piece if piece.__class__ is str else quote(values[piece[0]]) for piece in pieces)


def _raw(value: str) -> str:
    return value


@dataclass(frozen=True)
class _Parts:
    subject: tuple
    text: tuple
    html: tuple


class SignerEmails:
    """One batch's renderer: `render` returns (subject, text, html) for one signer."""

    def __init__(self):
        self._parts: dict[tuple, _Parts] = {}

    def render(self, name: str, language: str, context: dict, *, petition_id: int, signer_name: str,
               confirm_url: str | None, withdraw_url: str) -> tuple[str, str, str]:
        """`context` holds what is the same for every signer of the petition (title, petition
        link, days, link base, brand colour); it is read only the first time a key is seen."""
        key = (name, language, petition_id, context["BASE_URL"], bool(signer_name), confirm_url is not None)
        parts = self._parts.get(key)
        if parts is None:
            parts = self._parts[key] = self._render_marked(name, language, context, bool(signer_name),
                                                           confirm_url is not None)
        values = {"name": signer_name, "confirm_url": confirm_url or "", "withdraw_url": withdraw_url}
        subject = " ".join(_fill(parts.subject, values, _raw).split())
        return subject, _fill(parts.text, values, _raw), _fill(parts.html, values, escape)

    @staticmethod
    def _render_marked(name: str, language: str, context: dict, with_name: bool, with_confirm: bool) -> _Parts:
        marked = {**context, "name": MARKERS["name"] if with_name else "", "withdraw_url": MARKERS["withdraw_url"]}
        if with_confirm:
            marked["confirm_url"] = MARKERS["confirm_url"]
        with translation.override(language):
            # As awaz.core.mail.build_email fills it.
            marked = {**marked, "LANGUAGE_CODE": language, "direction": direction(language)}
            return _Parts(
                subject=_cut(render_to_string(f"emails/{name}/subject.txt", marked)),
                text=_cut(render_to_string(f"emails/{name}/body.txt", marked)),
                html=_cut(render_to_string(f"emails/{name}/body.html", marked)),
            )
