"""awaz.core.smtp against a real SMTP server: the handover moment comes after the whole content
and before the final dot, and refusing it leaves the server with nothing to deliver."""

from django.core.mail import EmailMessage, get_connection

from awaz.core.mail import Delivery, deliver
from tests.signatures.test_smtp import smtp_server  # noqa: F401 - the fixture

# Lines that SMTP's transparency rule (RFC 5321, 4.5.2) must escape, and line ends to normalise.
BODY = ".a line that starts with a dot\n..two dots\n.\nthe end, without a final line break"


def _message(handover=None) -> EmailMessage:
    message = EmailMessage("Subject", BODY, "Awaz <no-reply@example.org>", ["signer@example.org"],
                           connection=get_connection())
    if handover is not None:
        message.before_final_dot = handover
    return message


def test_the_email_arrives_whole_after_the_handover(smtp_server):  # noqa: F811
    calls = []

    def handover():
        calls.append(len(smtp_server.messages))  # nothing delivered yet at that moment
        return True

    assert deliver(_message(handover)) == (Delivery.ACCEPTED, 250)
    assert calls == [0]
    (received,) = smtp_server.messages
    assert received.get_payload().replace("\r\n", "\n").rstrip("\n") == BODY


def test_a_refused_handover_sends_nothing_and_the_next_email_still_goes(smtp_server):  # noqa: F811
    connection = get_connection()
    refused = _message(lambda: False)
    refused.connection = connection
    assert deliver(refused)[0] is Delivery.DEFERRED
    assert smtp_server.messages == []
    accepted = _message(lambda: True)
    accepted.connection = connection
    assert deliver(accepted) == (Delivery.ACCEPTED, 250)
    assert len(smtp_server.messages) == 1


def test_a_message_without_a_handover_is_sent_as_django_sends_it(smtp_server):  # noqa: F811
    assert deliver(_message()) == (Delivery.ACCEPTED, 250)
    assert smtp_server.messages[0].get_payload().replace("\r\n", "\n").rstrip("\n") == BODY


def test_the_connection_sends_small_segments_at_once(smtp_server):  # noqa: F811
    """The dot is sent on its own after the mark's round trip; with Nagle's algorithm on it
    waited for the server's delayed ACK, 40 ms an email."""
    import socket

    backend = get_connection()
    backend.open()
    try:
        assert backend.connection.sock.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY) == 1
    finally:
        backend.close()


def test_the_envelope_names_each_sender_and_an_international_recipient_as_django_would(smtp_server):  # noqa: F811
    for sender in ("Uyghur Voices via Awaz <no-reply@example.org>", "Awaz <no-reply@example.org>",
                   "Uyghur Voices via Awaz <no-reply@example.org>"):
        message = EmailMessage("Subject", "Body", sender, ["signer@bücher.example"], connection=get_connection())
        assert deliver(message) == (Delivery.ACCEPTED, 250)
    assert [m["X-MailFrom"] for m in smtp_server.messages] == ["no-reply@example.org"] * 3
    assert {m["X-RcptTo"] for m in smtp_server.messages} == {"signer@xn--bcher-kva.example"}


def test_a_prepared_emails_checked_recipients_are_the_envelope(smtp_server):  # noqa: F811
    message = _message()
    message.envelope_recipients = ["checked@example.org"]  # as awaz.signatures.signer_emails sets it
    assert deliver(message) == (Delivery.ACCEPTED, 250)
    assert smtp_server.messages[0]["X-RcptTo"] == "checked@example.org"
