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

The MIME message is prepared the same way: generated once per key by Django's own
`EmailMessage.message()` with markers for the values and for the per-message headers (To,
Message-ID, Date), and filled in per signer, as long as the parts go as 8bit text and the
values need no header encoding (an ASCII address that Django would write as it is); any other
email is generated in full as before. The tests compare the bytes with Django's, boundary aside.

A value never goes into a template, so nothing a signer types can reach the template engine;
the markers hold a random part chosen per process, so a petition's title cannot contain one.
"""

import re
import secrets
from dataclasses import dataclass

from django.core.mail import EmailMultiAlternatives
from django.core.mail.message import sanitize_address
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.html import escape

from awaz.core.email_address import is_plain_address
from awaz.core.languages import direction

FIELDS = ("name", "confirm_url", "withdraw_url")
_NONCE = secrets.token_hex(8)
# Private-use characters: escaping leaves them alone, and neither a form nor a title takes them.
MARKERS = {field: f"\ue000{_NONCE}{field}\ue001" for field in FIELDS}
_SPLIT = re.compile("(" + "|".join(re.escape(marker) for marker in MARKERS.values()) + ")")
_FIELD_OF = {marker: field for field, marker in MARKERS.items()}
# For the MIME message: the HTML part's values (escaped) apart from the text part's (raw), and
# the headers of each message.
_HTML_MARKERS = {field: f"\ue002{_NONCE}{field}\ue003" for field in FIELDS}
_HEADER_MARKERS = {"to": f"awaz{_NONCE}to@example.invalid", "date": f"awaz{_NONCE}date",
                   "message_id": f"<awaz{_NONCE}id@example.invalid>"}
_MIME_FIELDS = {
    **{MARKERS[field].encode(): ("text", field) for field in FIELDS},
    **{_HTML_MARKERS[field].encode(): ("html", field) for field in FIELDS},
    **{marker.encode(): ("header", name) for name, marker in _HEADER_MARKERS.items()},
}
_MIME_SPLIT = re.compile(b"(" + b"|".join(re.escape(marker) for marker in _MIME_FIELDS) + b")")
LONGEST_HEADER_VALUE = 60  # longer ones may be folded differently than the marker was
LONGEST_VALUE = 300


class PreparedEmail(EmailMultiAlternatives):
    """An email whose MIME bytes were filled in from a batch's prepared message."""

    prepared: bytes = b""
    envelope_recipients: list[str] | None = None

    def message(self):
        return _PreparedMessage(self.prepared)


class _PreparedMessage:
    """What Django's backends use of a MIME message: its bytes."""

    def __init__(self, data: bytes):
        self._data = data

    def as_bytes(self, unixfrom=False, linesep="\n") -> bytes:
        return self._data if linesep == "\r\n" else self._data.replace(b"\r\n", linesep.encode())

    def as_string(self, unixfrom=False, linesep="\n") -> str:
        return self.as_bytes(linesep=linesep).decode()


def _cut(rendered: str) -> tuple:
    """The rendered text as a tuple of literal strings and field names (in a 1-tuple)."""
    return tuple((_FIELD_OF[part],) if part in _FIELD_OF else part for part in _SPLIT.split(rendered) if part)


def _fill(pieces: tuple, values: dict, quote) -> str:
    return "".join(piece if piece.__class__ is str else quote(values[piece[0]]) for piece in pieces)


def _is_its_own_sanitized_form(address: str) -> bool:
    """Whether Django would write `address` as it is; raises ValueError, as Django's check
    does, for one it cannot write at all. A plain address needs no parse to tell."""
    return is_plain_address(address) or sanitize_address(address, "utf-8") == address


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
        self._mime: dict[tuple, tuple | None] = {}

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

    def prepare(self, message: EmailMultiAlternatives, name: str, language: str, *, petition_id: int, base: str,
                signer_name: str, confirm_url: str | None, withdraw_url: str) -> EmailMultiAlternatives:
        """`message` (rendered by `render`, its Message-ID and Date set) with its MIME bytes
        filled in from the batch's prepared message, or `message` itself if it cannot be."""
        key = (name, language, petition_id, base, bool(signer_name), confirm_url is not None)
        headers = {"to": message.to[0], "date": message.extra_headers["Date"],
                   "message_id": message.extra_headers["Message-ID"]}
        values = {"name": signer_name or "", "confirm_url": confirm_url or "", "withdraw_url": withdraw_url}
        if not all(value.isascii() and len(value) <= LONGEST_HEADER_VALUE for value in headers.values()) \
                or not _is_its_own_sanitized_form(headers["to"]) \
                or any(len(value) > LONGEST_VALUE for value in values.values()):
            return message
        if key not in self._mime:
            self._mime[key] = self._prepare_mime(message, self._parts[key])
        pieces = self._mime[key]
        if pieces is None:
            return message
        out = []
        for piece in pieces:
            if piece.__class__ is bytes:
                out.append(piece)
            else:
                kind, field = piece
                if kind == "header":
                    out.append(headers[field].encode())
                else:
                    out.append((escape(values[field]) if kind == "html" else values[field]).encode())
        prepared = PreparedEmail(subject=message.subject, body=message.body, from_email=message.from_email,
                                 to=message.to, reply_to=message.reply_to, connection=message.connection,
                                 headers=dict(message.extra_headers), alternatives=message.alternatives)
        prepared.prepared = b"".join(out)
        # Checked above to be its own sanitized form: the backend need not parse it again.
        prepared.envelope_recipients = [headers["to"]]
        return prepared

    @staticmethod
    def _prepare_mime(message: EmailMultiAlternatives, parts: _Parts) -> tuple | None:
        if any(piece.__class__ is not str for piece in parts.subject):
            return None  # a subject with a signer's value in it: generated per email
        marked = EmailMultiAlternatives(
            subject=message.subject, body=_fill(parts.text, MARKERS, _raw), from_email=message.from_email,
            to=[_HEADER_MARKERS["to"]], reply_to=message.reply_to,
            headers={**message.extra_headers, "Date": _HEADER_MARKERS["date"],
                     "Message-ID": _HEADER_MARKERS["message_id"]},
        )
        marked.attach_alternative(_fill(parts.html, _HTML_MARKERS, _raw), "text/html")
        data = marked.message().as_bytes(linesep="\r\n")
        if data.count(b"Content-Transfer-Encoding: 8bit") != 2:
            return None  # a part went quoted-printable or base64: the markers are not in it as such
        return tuple(_MIME_FIELDS[part] if part in _MIME_FIELDS else part for part in _MIME_SPLIT.split(data) if part)

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
