"""Django's SMTP backend, with one moment added: just before the final "." of DATA.

Until that dot the mail server has nothing it may deliver: a connection dropped earlier leaves
an incomplete message, which the server discards (RFC 5321, section 4.1.1.4). After it, the
server may deliver the email even if its reply never reaches us. So the dot is the only point at
which "the email has gone" can be written down without any window in which the email has left
and nobody knows. A message with a `before_final_dot` callable gets it called there, with the
whole content already sent: if it returns a true value the dot follows; otherwise the
connection is dropped and the email was not sent. The signers' outbox writes its "handed over"
mark there (awaz.signatures.outbox, docs/email-delivery.md).
"""

import functools
import re
import smtplib
import socket

from django.conf import settings
from django.core.mail.backends.smtp import EmailBackend as DjangoEmailBackend
from django.core.mail.message import sanitize_address

from awaz.core.email_address import is_plain_address

_CRLF = b"\r\n"
_LONE_LINE_ENDS = re.compile(rb"(?:\r\n|\n|\r(?!\n))")
_LEADING_DOT = re.compile(rb"(?m)^\.")


class HandoverAborted(smtplib.SMTPServerDisconnected):
    """The caller did not let the email go: the connection was dropped before the final dot."""


class _HandoverMixin:
    before_final_dot = None  # set by EmailBackend._send for one message at a time

    def connect(self, *args, **kwargs):
        reply = super().connect(*args, **kwargs)
        # The dot goes in a segment of its own, after the mark's round trip: with Nagle's
        # algorithm it would wait for the server's delayed ACK of the content (40 ms on Linux),
        # which capped a worker at about 23 emails a second.
        self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        return reply

    def data(self, msg):
        hook = self.before_final_dot
        if hook is None:
            return super().data(msg)
        # smtplib.SMTP.data, with the terminating dot sent on its own after the hook.
        self.putcmd("data")
        code, reply = self.getreply()
        if code != 354:
            raise smtplib.SMTPDataError(code, reply)
        if isinstance(msg, str):
            msg = msg.encode("ascii")
        content = _LEADING_DOT.sub(b"..", _LONE_LINE_ENDS.sub(_CRLF, msg))
        if not content.endswith(_CRLF):
            content += _CRLF
        self.send(content)
        if not hook():
            self.close()
            raise HandoverAborted("the email was not handed over")
        self.send(b"." + _CRLF)
        return self.getreply()

    # smtplib's mail and rcpt, with the address quoted by _quoted: smtplib parses each address
    # again (email.utils.parseaddr), which cost as much CPU as the rest of the SMTP commands.
    def mail(self, sender, options=()):
        if any(option.lower() == "smtputf8" for option in options):
            return super().mail(sender, options)  # smtplib switches the command encoding
        optionlist = " " + " ".join(options) if options and self.does_esmtp else ""
        self.putcmd("mail", f"FROM:{_quoted_sender(sender)}{optionlist}")
        return self.getreply()

    def rcpt(self, recip, options=()):
        optionlist = " " + " ".join(options) if options and self.does_esmtp else ""
        self.putcmd("rcpt", f"TO:{_quoted(recip)}{optionlist}")
        return self.getreply()


def _quoted(address: str) -> str:
    """smtplib.quoteaddr's answer, without its parse for a plain address (where it is this)."""
    return f"<{address}>" if is_plain_address(address) else smtplib.quoteaddr(address)


@functools.lru_cache(maxsize=64)
def _quoted_sender(address: str) -> str:
    """The envelope sender, one of a handful of values for the whole site ("<organization>
    via Awaz <address>"): quoted once per value."""
    return smtplib.quoteaddr(address)


class HandoverSMTP(_HandoverMixin, smtplib.SMTP):
    pass


class HandoverSMTPSSL(_HandoverMixin, smtplib.SMTP_SSL):
    pass


@functools.lru_cache(maxsize=64)
def _sender_address(address: str, encoding: str) -> str:
    """The envelope sender: a handful of values for the whole site ("<organization> via Awaz"),
    parsed once rather than for every email (with the recipient's, these parses were a third of
    the relay's CPU in bench/outbox_cpu.py's profile)."""
    return sanitize_address(address, encoding)


class EmailBackend(DjangoEmailBackend):
    """The SMTP backend Awaz sends with (settings.EMAIL_BACKEND when EMAIL_URL is set)."""

    @property
    def connection_class(self):
        return HandoverSMTPSSL if self.use_ssl else HandoverSMTP

    def _send(self, email_message):
        """Django's `_send`, with the handover and two shortcuts: the sender's address parsed
        once per value, and the recipients as a prepared email already checked them
        (`envelope_recipients`, awaz.signatures.signer_emails), instead of parsed again."""
        if not email_message.recipients():
            return False
        encoding = email_message.encoding or settings.DEFAULT_CHARSET
        from_email = _sender_address(email_message.from_email, encoding)
        recipients = getattr(email_message, "envelope_recipients", None) or [
            sanitize_address(address, encoding) for address in email_message.recipients()
        ]
        message = email_message.message()
        self.connection.before_final_dot = getattr(email_message, "before_final_dot", None)
        try:
            self.connection.sendmail(from_email, recipients, message.as_bytes(linesep="\r\n"))
        except smtplib.SMTPException:
            if not self.fail_silently:
                raise
            return False
        finally:
            self.connection.before_final_dot = None
        return True
