"""Emails leave through the worker over real SMTP, and a failed delivery is retried."""

import socket

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.handlers import Message

from awaz.signatures import tasks
from awaz.signatures.outbox import relay_due_confirmations
from tests.factories import make_pending_signature


class Collector(Message):
    def __init__(self):
        super().__init__()
        self.messages = []

    def handle_message(self, message):
        self.messages.append(message)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def smtp_server(settings):
    handler = Collector()
    controller = Controller(handler, hostname="127.0.0.1", port=_free_port())
    controller.start()
    settings.EMAIL_BACKEND = "awaz.core.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = controller.port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    yield handler
    controller.stop()


def _due(signature):
    from awaz.signatures.models import Signature

    Signature.objects.filter(pk=signature.pk).update(confirmation_due=True)


def test_it_delivers_the_confirmation_over_smtp(petition, smtp_server):
    signature, _ = make_pending_signature(petition, email="smtp@example.org", language="ar")
    _due(signature)
    assert relay_due_confirmations() == 1
    assert len(smtp_server.messages) == 1
    message = smtp_server.messages[0]
    assert message["To"] == "smtp@example.org"
    html = next(part for part in message.walk() if part.get_content_type() == "text/html").get_payload(decode=True).decode()
    assert 'dir="rtl"' in html and 'lang="ar"' in html


def test_it_keeps_the_email_in_the_outbox_while_smtp_is_down(petition, settings):
    from awaz.signatures.models import Signature

    settings.EMAIL_BACKEND = "awaz.core.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", _free_port()  # nothing listens there
    settings.EMAIL_USE_TLS = False
    signature, _ = make_pending_signature(petition, email="retry@example.org")
    _due(signature)
    assert relay_due_confirmations() == 1
    row = Signature.objects.get(pk=signature.pk)
    assert row.confirmation_due and row.send_claim and row.send_failures == 1
    assert relay_due_confirmations() == 0  # not before its pause is over


def test_old_queued_tasks_put_the_email_in_the_outbox(petition, settings, tmp_path, caplog):
    settings.EMAIL_BACKEND = "awaz.core.mail.OutboxBackend"
    settings.OUTBOX_DIR = tmp_path / "outbox"
    signature, _ = make_pending_signature(petition, email="outbox@example.org")
    tasks.send_confirmation.call_local(signature.pk)
    files = list((tmp_path / "outbox").glob("*.eml"))
    assert len(files) == 1
    assert "/confirm/" in files[0].read_text()
    assert "outbox@example.org" not in caplog.text


def test_the_outbox_sends_a_batch_over_one_smtp_session_and_idle_polls_connect_to_nothing(
    petition, smtp_server, monkeypatch
):
    from django.core.mail.backends.smtp import EmailBackend

    from awaz.signatures.models import Signature
    from awaz.signatures.outbox import relay_due_confirmations

    sessions = []
    real_open = EmailBackend.open

    def counting_open(self):
        opened = real_open(self)
        if opened:
            sessions.append(self)
        return opened

    monkeypatch.setattr(EmailBackend, "open", counting_open)
    assert relay_due_confirmations() == 0
    assert sessions == []  # an idle poll does not reach the mail server
    for i in range(5):
        make_pending_signature(petition, email=f"batch{i}@example.org")
    Signature.objects.update(confirmation_due=True)
    assert relay_due_confirmations() == 5
    assert sorted(str(m["To"]) for m in smtp_server.messages) == [f"batch{i}@example.org" for i in range(5)]
    assert len(sessions) == 1
    assert not Signature.objects.filter(confirmation_due=True).exists()
