"""The outbox against a real mail server and a real `awaz worker` process: refusals leave no
address in the worker's log, and a worker killed mid-batch costs nobody a second email."""

import asyncio
import os
import re
import signal
import subprocess
import sys
import threading
import time
from email import message_from_bytes

import pytest
from aiosmtpd.controller import Controller
from django.conf import settings
from django.db import connection

from awaz.signatures.models import Signature
from tests.factories import make_petition
from tests.signatures.test_smtp import _free_port

REFUSED = "refuse-me@example.org"
BAD_HEADER = "bad-header@example.org"


class MailServer:
    """Accepts every email, except: RCPT of REFUSED gets a 550 and the DATA of an email to
    BAD_HEADER a 554, each reply quoting the address as real servers do. `delay` slows every
    accepted email down, so a test can kill a worker in the middle of a batch."""

    def __init__(self, delay: float = 0.0):
        self.delay = delay
        self.messages = []

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address == REFUSED:
            return f"550 5.1.1 <{address}>: Recipient address rejected: User unknown"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        if BAD_HEADER in envelope.rcpt_tos:
            return f"554 5.6.0 Message header rejected for <{BAD_HEADER}>"
        if self.delay:
            time.sleep(self.delay)  # blocks the server's loop: one email at a time, like a slow relay
        self.messages.append(message_from_bytes(envelope.content))
        return "250 2.0.0 Ok: queued"


@pytest.fixture
def mail_server():
    handler = MailServer()
    controller = Controller(handler, hostname="127.0.0.1", port=_free_port())
    controller.start()
    handler.port = controller.port
    yield handler
    controller.stop()


def _database_url() -> str:
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{db['NAME']}"
    return f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}"


def _start_worker(port: int, log, **env) -> subprocess.Popen:
    environment = {
        **os.environ,
        "DATABASE_URL": _database_url(),
        "AWAZ_DATA_DIR": str(settings.DATA_DIR),  # the same keys: the worker decrypts what the test stored
        "EMAIL_URL": f"smtp://127.0.0.1:{port}?tls=0",
        "AWAZ_EMAIL_RATE": "0",
        **env,
    }
    return subprocess.Popen(
        [sys.executable, "-m", "awaz", "worker", "--no-periodic", "--threads", "1", "--nice", "0"],
        env=environment, stdout=log, stderr=subprocess.STDOUT,
    )


def _due_signatures(petition, emails):
    return [
        Signature.objects.create(
            petition=petition, email_index=f"index-{email}", name="Signer", email=email,
            country="FR", language="en", confirmation_due=True,
        )
        for email in emails
    ]


def _wait_for(condition, seconds: float, what: str, log=None):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.1)
    pytest.fail(f"timed out waiting for {what}" + (f"; the worker's log:\n{log.read_text()[-3000:]}" if log else ""))


def _confirm_path(message) -> str:
    body = next(part for part in message.walk() if part.get_content_type() == "text/plain")
    match = re.search(r"https?://[^/\s]+(/[a-z-]+/confirm/[A-Za-z0-9_-]+/)", body.get_payload(decode=True).decode())
    assert match, "no confirmation link"
    return match.group(1)


def _stop(process):
    if process.poll() is None:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@pytest.mark.django_db(transaction=True)
def test_the_worker_log_names_no_address_when_the_mail_server_refuses(mail_server, tmp_path):
    petition = make_petition()
    accepted = [f"fine-{i}@example.org" for i in range(3)]
    _due_signatures(petition, [REFUSED, BAD_HEADER, *accepted])
    log_path = tmp_path / "worker.log"
    with log_path.open("w") as log:
        worker = _start_worker(mail_server.port, log)
        try:
            _wait_for(lambda: not Signature.objects.filter(confirmation_due=True).exists(), 120, "the outbox to empty",
                      log_path)
        finally:
            _stop(worker)
    text = log_path.read_text()
    assert sorted(str(m["To"]) for m in mail_server.messages) == accepted
    assert "refused by the mail server (SMTP reply 550)" in text
    assert "refused by the mail server (SMTP reply 554)" in text
    for address in (REFUSED, BAD_HEADER, *accepted):
        assert address not in text
    assert "@example.org" not in text


@pytest.mark.django_db(transaction=True)
def test_a_worker_killed_mid_batch_costs_nobody_a_second_email_and_every_link_works(client, tmp_path):
    handler = MailServer(delay=0.05)
    controller = Controller(handler, hostname="127.0.0.1", port=_free_port())
    controller.start()
    petition = make_petition()
    emails = [f"signer-{i}@example.org" for i in range(40)]
    _due_signatures(petition, emails)
    try:
        with (tmp_path / "first.log").open("w") as log:
            first = _start_worker(controller.port, log, AWAZ_EMAIL_CLAIM_SECONDS="4")
            _wait_for(lambda: len(handler.messages) >= 10, 120, "the first emails", tmp_path / "first.log")
            first.send_signal(signal.SIGKILL)  # mid-batch: most of the batch is claimed, not sent
            first.wait()
        assert 10 <= len(handler.messages) < len(emails)
        with (tmp_path / "second.log").open("w") as log:
            second = _start_worker(controller.port, log, AWAZ_EMAIL_CLAIM_SECONDS="4")
            try:
                _wait_for(lambda: not Signature.objects.filter(confirmation_due=True).exists(), 90,
                          "the second worker to send the rest")
            finally:
                _stop(second)
    finally:
        controller.stop()
    by_recipient: dict[str, set] = {}
    for message in handler.messages:
        by_recipient.setdefault(str(message["To"]), set()).add(message["Message-ID"])
    assert sorted(by_recipient) == sorted(emails)  # everybody got it
    # Nobody got two different emails: a copy sent again after the kill (the one email whose
    # acceptance the killed worker may not have recorded) is the same email, same Message-ID.
    assert all(len(ids) == 1 for ids in by_recipient.values())
    # And nobody got the same email twice either: the one in flight at the kill had been marked
    # handed over before its final dot (awaz.core.smtp), so it was not sent again.
    assert len(handler.messages) == len(emails)
    for message in handler.messages:
        assert client.post(_confirm_path(message)).status_code == 200
    assert Signature.objects.confirmed().count() == len(emails)


class GatedMailServer(MailServer):
    """Holds the first email at one SMTP step ("rcpt": before the worker sends any content;
    "data": the email is queued, after the final dot, but its 250 reply not yet sent) until the
    test releases it, so that a worker can be killed at exactly that moment."""

    def __init__(self, hold_at: str):
        super().__init__()
        self.hold_at, self.held, self.release = hold_at, threading.Event(), threading.Event()

    async def _hold(self, step: str):
        if step == self.hold_at and not self.held.is_set():
            self.held.set()
            await asyncio.to_thread(self.release.wait, 60)

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        await self._hold("rcpt")
        return await super().handle_RCPT(server, session, envelope, address, rcpt_options)

    async def handle_DATA(self, server, session, envelope):
        reply = await super().handle_DATA(server, session, envelope)  # queued, as a real server does
        await self._hold("data")
        return reply


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("killed_at", ["rcpt", "data"])
def test_a_worker_killed_with_an_email_in_flight_sends_it_exactly_once(killed_at, tmp_path):
    """Killed before the mail server has the whole email ("rcpt"): the next worker sends it.
    Killed after the final dot, while the server takes it ("data"): the row says handed over,
    and the next worker records it as delivered instead of sending it a second time."""
    handler = GatedMailServer(killed_at)
    controller = Controller(handler, hostname="127.0.0.1", port=_free_port())
    controller.start()
    (signature,) = _due_signatures(make_petition(), ["in-flight@example.org"])
    try:
        with (tmp_path / "first.log").open("w") as log:
            first = _start_worker(controller.port, log, AWAZ_EMAIL_CLAIM_SECONDS="2")
            try:
                _wait_for(handler.held.is_set, 60, f"the email to reach {killed_at}", tmp_path / "first.log")
            finally:
                first.send_signal(signal.SIGKILL)
                first.wait()
        signature.refresh_from_db()
        assert signature.confirmation_due and signature.send_claim
        assert signature.send_handed_over is (killed_at == "data")
        handler.release.set()  # the server finishes what it was doing; the worker is gone
        with (tmp_path / "second.log").open("w") as log:
            second = _start_worker(controller.port, log, AWAZ_EMAIL_CLAIM_SECONDS="2")
            try:
                _wait_for(lambda: not Signature.objects.filter(confirmation_due=True).exists(), 60,
                          "the second worker to settle the email", tmp_path / "second.log")
            finally:
                _stop(second)
    finally:
        controller.stop()
    assert [str(message["To"]) for message in handler.messages] == ["in-flight@example.org"]
    signature.refresh_from_db()
    assert (signature.send_claim, signature.send_handed_over) == (None, False)
    recorded = "recorded as delivered, not sent again" in (tmp_path / "second.log").read_text()
    assert recorded is (killed_at == "data")
