"""Emails: one template folder per email, and a local outbox when no SMTP server is set."""

import logging
import secrets
from pathlib import Path

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.core.mail.backends.base import BaseEmailBackend
from django.template.loader import render_to_string
from django.utils import translation

from awaz.core.email_address import has_control_characters
from awaz.core.languages import direction

logger = logging.getLogger(__name__)


def build_email(name: str, to: str, context: dict, language: str, connection=None) -> EmailMultiAlternatives:
    """Render emails/<name>/{subject.txt,body.txt,body.html} in the signer's language."""
    if has_control_characters(to):
        # The forms refuse such addresses; this holds for any other way in (an old row, a
        # script). The address itself stays out of the message: it would reach the log.
        raise ValueError("Refusing to build an email header from an address with control characters.")
    with translation.override(language):
        # A context's own BASE_URL wins: the onion address for a signer who signed through it.
        context = {"BASE_URL": settings.BASE_URL, **context, "LANGUAGE_CODE": language, "direction": direction(language)}
        subject = " ".join(render_to_string(f"emails/{name}/subject.txt", context).split())
        text = render_to_string(f"emails/{name}/body.txt", context)
        html = render_to_string(f"emails/{name}/body.html", context)
    if has_control_characters(subject):
        raise ValueError("Refusing to build an email header from a value with control characters.")
    message = EmailMultiAlternatives(subject=subject, body=text, to=[to], connection=connection)
    message.attach_alternative(html, "text/html")
    message.extra_headers["Auto-Submitted"] = "auto-generated"
    return message


class OutboxBackend(BaseEmailBackend):
    """Writes each email as an .eml file into <data dir>/outbox, for running Awaz on a laptop.

    The log names the file, never the recipient: open the file to read the link.
    """

    def send_messages(self, email_messages):
        outbox = Path(settings.OUTBOX_DIR)
        outbox.mkdir(parents=True, exist_ok=True, mode=0o700)
        sent = 0
        for message in email_messages:
            path = outbox / f"{secrets.token_hex(8)}.eml"
            path.write_bytes(message.message().as_bytes(linesep="\n"))
            message.awaz_outbox_path = path  # sealed petitions delete the copy once it is written
            logger.info("Email written to %s (no SMTP server configured: set EMAIL_URL)", path)
            sent += 1
        return sent
