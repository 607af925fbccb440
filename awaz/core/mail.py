"""Emails: one template folder per email, delivery that tells accepted from deferred from
refused, and a local outbox when no SMTP server is set.

Personal data stays out of every error: smtplib's exceptions carry the recipients' addresses
(`SMTPRecipientsRefused` is a dict keyed by address) and the server's reply, which often quotes
the address ("550 5.1.1 <x@y>: no such user"); Django's `BadHeaderError` quotes the header's
value. `deliver` catches them where they are raised and keeps only the SMTP code.
"""

import enum
import logging
import secrets
import smtplib
from email.utils import formataddr, parseaddr
from pathlib import Path

from django.conf import settings
from django.core.mail import BadHeaderError, EmailMultiAlternatives
from django.core.mail.backends.base import BaseEmailBackend
from django.template.loader import render_to_string
from django.utils import translation

from awaz.core.email_address import has_control_characters
from awaz.core.languages import direction

logger = logging.getLogger(__name__)


def sender(organization, language: str) -> tuple[str, list[str]]:
    """(From, Reply-To) for an email sent for `organization`: "<organization> via Awaz" at
    DEFAULT_FROM_EMAIL's address (only that address may send, for SPF and DKIM), replies to the
    organization's own address if it set one. Without an organization: Awaz's own sender."""
    if organization is None:
        return settings.DEFAULT_FROM_EMAIL, []
    from django.utils.translation import gettext

    with translation.override(language):
        name = gettext("%(organization)s via Awaz") % {"organization": organization.name}
    address = parseaddr(settings.DEFAULT_FROM_EMAIL)[1]
    reply_to = [organization.reply_to] if organization.reply_to and not has_control_characters(organization.reply_to) else []
    if has_control_characters(name) or not address:
        return settings.DEFAULT_FROM_EMAIL, reply_to
    return formataddr((name, address)), reply_to


def build_email(name: str, to: str, context: dict, language: str, connection=None, organization=None) -> EmailMultiAlternatives:
    """Render emails/<name>/{subject.txt,body.txt,body.html} in the signer's language, sent
    for `organization` when given (see `sender`)."""
    if has_control_characters(to):
        # The forms refuse such addresses; this holds for any other way in (an old row, a
        # script). The address itself stays out of the message: it would reach the log.
        raise ValueError("Refusing to build an email header from an address with control characters.")
    with translation.override(language):
        # A context's own BASE_URL wins: the onion address for a signer who signed through it.
        context = {"BASE_URL": settings.BASE_URL, **context, "LANGUAGE_CODE": language, "direction": direction(language)}
        if organization is not None and organization.brand_colour:
            context["brand_colour"] = organization.brand_colour  # checked for contrast by the studio
        subject = " ".join(render_to_string(f"emails/{name}/subject.txt", context).split())
        text = render_to_string(f"emails/{name}/body.txt", context)
        html = render_to_string(f"emails/{name}/body.html", context)
    return email_from_parts(subject, text, html, to=to, connection=connection, sender=sender(organization, language))


def email_from_parts(subject: str, text: str, html: str, *, to: str, sender: tuple[str, list[str]],
                     connection=None) -> EmailMultiAlternatives:
    """The message for rendered parts (build_email's, or awaz.signatures.signer_emails' for a
    batch); `sender` is `sender(organization, language)`'s answer."""
    if has_control_characters(to):
        raise ValueError("Refusing to build an email header from an address with control characters.")
    if has_control_characters(subject):
        raise ValueError("Refusing to build an email header from a value with control characters.")
    from_email, reply_to = sender
    message = EmailMultiAlternatives(subject=subject, body=text, to=[to], connection=connection, from_email=from_email,
                                     reply_to=reply_to)
    message.attach_alternative(html, "text/html")
    message.extra_headers["Auto-Submitted"] = "auto-generated"
    return message


class Delivery(enum.Enum):
    ACCEPTED = "accepted"  # the mail server took responsibility for the email
    DEFERRED = "deferred"  # not sent, try again later: server down or busy, a 4xx reply
    REFUSED = "refused"  # never going to work: a 5xx reply for this recipient or message


class EmailNotSent(Exception):
    """An email that did not go, described by its outcome and SMTP code only (no address)."""

    def __init__(self, delivery: Delivery, code: int | None):
        self.delivery, self.code = delivery, code
        super().__init__(f"email {delivery.value} (SMTP reply {code or 'none'})")


def _close_quietly(connection) -> None:
    if connection is None:
        return
    try:
        connection.close()
    except Exception:  # noqa: BLE001 - a broken connection is being dropped anyway
        pass


def _outcome(error: BaseException) -> tuple[Delivery, int | None]:
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        codes = [reply[0] for reply in error.recipients.values() if reply and isinstance(reply[0], int)]
        code = codes[0] if codes else None
        return (Delivery.REFUSED if code and 500 <= code < 600 else Delivery.DEFERRED), code
    if isinstance(error, smtplib.SMTPDataError):
        # Refused at DATA: the message itself (a header, the content) or this recipient.
        code = error.smtp_code
        return (Delivery.REFUSED if 500 <= code < 600 else Delivery.DEFERRED), code
    if isinstance(error, smtplib.SMTPResponseException):
        # Our sender refused, a bad login, a server that greets with 421: our side or theirs,
        # not the signer's; it works again once fixed.
        return Delivery.DEFERRED, error.smtp_code
    if isinstance(error, (BadHeaderError, UnicodeError, ValueError)):
        return Delivery.REFUSED, None  # this message can never be built
    return Delivery.DEFERRED, None  # disconnected, refused connection, timeout


def deliver(message: EmailMultiAlternatives) -> tuple[Delivery, int | None]:
    """Send one message; returns what happened and the SMTP code, and never raises for a
    failed delivery (the exception would carry the address into a log).

    A connection that failed is closed, so the next message through it opens a new one.
    """
    try:
        sent = message.send()
    except (smtplib.SMTPException, OSError, BadHeaderError, UnicodeError, ValueError) as error:
        outcome = _outcome(error)
        if not isinstance(error, (smtplib.SMTPRecipientsRefused, smtplib.SMTPDataError)):
            _close_quietly(message.connection)
        return outcome
    return (Delivery.ACCEPTED, 250) if sent else (Delivery.DEFERRED, None)


def send_now(message: EmailMultiAlternatives, what: str) -> Delivery:
    """Send one email outside the signers' outbox (campaign updates, team alerts, invitations):
    a refusal is logged by SMTP code, and a deferral raises EmailNotSent, which names no address,
    so that the caller's queue retries it. `what` names the email in the log ("update email")."""
    delivery, code = deliver(message)
    if delivery is Delivery.REFUSED:
        logger.warning("%s refused by the mail server (SMTP reply %s); not retried", what, code or "none")
    elif delivery is Delivery.DEFERRED:
        raise EmailNotSent(delivery, code)  # outside any handler: no address in its context
    return delivery


class OutboxBackend(BaseEmailBackend):
    """Writes each email as an .eml file into <data dir>/outbox, for running Awaz on a laptop.

    The log names the file, never the recipient: open the file to read the link.
    """

    def send_messages(self, email_messages):
        outbox = Path(settings.OUTBOX_DIR)
        outbox.mkdir(parents=True, exist_ok=True, mode=0o700)
        sent = 0
        for message in email_messages:
            handover = getattr(message, "before_final_dot", None)  # as awaz.core.smtp calls it
            if handover is not None and not handover():
                continue
            path = outbox / f"{secrets.token_hex(8)}.eml"
            path.write_bytes(message.message().as_bytes(linesep="\n"))
            message.awaz_outbox_path = path  # sealed petitions delete the copy once it is written
            logger.info("Email written to %s (no SMTP server configured: set EMAIL_URL)", path)
            sent += 1
        return sent
