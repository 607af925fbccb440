"""A real SMTP server (aiosmtpd) in the bench's process, keeping what it receives."""

import asyncio
import re
import threading
import time
from dataclasses import dataclass
from email.parser import BytesHeaderParser

from bench.stack import free_port

CONFIRM_LINK = re.compile(rb"/[a-z-]+/confirm/([A-Za-z0-9_-]+)/")


@dataclass(frozen=True)
class Received:
    recipient: str
    message_id: str
    token: str  # of the confirmation link, "" if the email has none
    at: float  # time.time() when the server accepted it


class MailSink:
    """Accepts every email after `data_seconds` (a real relay takes a moment to queue one);
    `refusing` answers 451 at RCPT. `on_email(received)` is called for each email, on the
    server's thread."""

    def __init__(self, data_seconds: float = 0.005, on_email=None):
        self.port = free_port()
        self.refusing = False
        self.data_seconds = data_seconds
        self.on_email = on_email
        self.lock = threading.Lock()
        self.received: list[Received] = []
        self.controller = None

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if self.refusing:
            return "451 4.3.0 Try again later"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        if self.data_seconds:
            await asyncio.sleep(self.data_seconds)
        content = envelope.content if isinstance(envelope.content, bytes) else envelope.content.encode()
        headers = BytesHeaderParser().parsebytes(content)
        link = CONFIRM_LINK.search(content.replace(b"=\r\n", b""))
        at = time.time()
        entries = [Received(recipient, headers["Message-ID"], link.group(1).decode() if link else "", at)
                   for recipient in envelope.rcpt_tos]
        with self.lock:
            self.received.extend(entries)
        if self.on_email is not None:
            for entry in entries:
                self.on_email(entry)
        return "250 2.0.0 Ok: queued"

    def start(self) -> None:
        from aiosmtpd.controller import Controller

        self.controller = Controller(self, hostname="127.0.0.1", port=self.port)
        self.controller.start()

    def stop(self) -> None:
        if self.controller is not None:
            self.controller.stop()
            self.controller = None
