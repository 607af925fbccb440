"""Confirmation emails come from the signatures table itself (awaz.signatures.outbox)."""

import threading
from unittest import mock

import pytest
from django.core import mail
from django.db import DatabaseError, connection

from awaz.signatures import outbox
from awaz.signatures.models import Signature
from awaz.signatures.outbox import BATCH, pause_after, relay_due_confirmations
from tests.factories import link_from_email, make_petition


def _due_signatures(petition, n: int) -> list[Signature]:
    return [
        Signature.objects.create(
            petition=petition, email_index=f"index-{i}", name=f"Signer {i}", email=f"signer{i}@example.org",
            country="FR", language="en", confirmation_due=True,
        )
        for i in range(n)
    ]


@pytest.mark.django_db
def test_a_relay_sends_each_due_email_once_with_working_links(client, petition):
    _due_signatures(petition, 3)
    assert relay_due_confirmations() == 3
    assert relay_due_confirmations() == 0  # nothing is due twice
    assert sorted(m.to[0] for m in mail.outbox) == [f"signer{i}@example.org" for i in range(3)]
    assert not Signature.objects.filter(confirmation_due=True).exists()
    response = client.post(link_from_email(mail.outbox[1], "confirm"))
    assert response.status_code == 200
    assert Signature.objects.confirmed().count() == 1


@pytest.mark.django_db
def test_an_accepted_email_is_recorded_once_the_database_is_back(client, petition):
    """The mail server took the emails and the database went away while the worker said so:
    the first write's commit went through but its answer was lost, the second never reached
    the database. The worker keeps the outcomes and writes them when it can; nothing is lost
    and nobody gets a second email."""
    _due_signatures(petition, 3)
    from awaz.signatures import services

    real = services.signer_emails_accepted
    calls = []

    def lost_then_down(**outcome):
        calls.append(sorted(signature.pk for signature, _, _ in outcome["emails"]))
        if len(calls) == 1:
            real(**outcome)
        if len(calls) <= 2:
            raise DatabaseError("connection lost")
        return real(**outcome)

    with mock.patch.object(services, "signer_emails_accepted", lost_then_down), \
            mock.patch.object(outbox, "RECORD_RETRY_SECONDS", 0):
        assert relay_due_confirmations() == 3
    everyone = sorted(Signature.objects.values_list("pk", flat=True))
    assert calls == [everyone] * 3  # the batch's outcomes, written together, took three attempts
    assert not Signature.objects.filter(confirmation_due=True).exists()
    assert not Signature.objects.filter(send_claim__isnull=False).exists()
    assert relay_due_confirmations() == 0
    assert sorted(m.to[0] for m in mail.outbox) == [f"signer{i}@example.org" for i in range(3)]
    for message in mail.outbox:
        assert client.post(link_from_email(message, "confirm")).status_code == 200
    assert Signature.objects.confirmed().count() == 3


@pytest.mark.django_db
def test_a_batch_that_fails_midway_still_records_what_the_server_accepted(petition):
    """An error the worker did not expect, after two emails went: their outcomes are written
    before the error leaves the batch, so they are not waiting for a lease to end."""
    _due_signatures(petition, 3)
    real = outbox._email_for
    built = []

    def fails_on_the_third(signature, batch):
        built.append(signature.pk)
        if len(built) == 3:
            raise RuntimeError("a bug")
        return real(signature, batch)

    with mock.patch.object(outbox, "_email_for", fails_on_the_third), pytest.raises(RuntimeError):
        relay_due_confirmations()
    assert len(mail.outbox) == 2
    assert list(Signature.objects.filter(confirmation_due=True).values_list("pk", flat=True)) == built[2:]


@pytest.mark.django_db
@pytest.mark.parametrize("address", ["signer@@example.org", "signer@example.org <other@example.org"])
def test_an_address_no_header_may_carry_is_refused_and_not_retried(petition, address, caplog):
    """An old row or a script's insert, not the forms: the email is never built."""
    [signature] = _due_signatures(petition, 1)
    Signature.objects.filter(pk=signature.pk).update(email=address)
    assert relay_due_confirmations() == 1
    assert mail.outbox == []
    assert not Signature.objects.filter(confirmation_due=True).exists()
    assert "refused" in caplog.text and "example.org" not in caplog.text


@pytest.mark.django_db(transaction=True)
def test_two_workers_relaying_at_once_never_send_the_same_email_twice():
    if connection.vendor != "postgresql":
        pytest.skip("SKIP LOCKED is PostgreSQL's; the embedded mode runs one worker")
    petition = make_petition()
    _due_signatures(petition, 2 * BATCH + 7)
    sent, errors = [], []
    barrier = threading.Barrier(2)

    def worker():
        try:
            barrier.wait()
            while relay_due_confirmations():
                pass
        except Exception as exc:
            errors.append(exc)
        finally:
            connection.close()

    with mock.patch("awaz.core.mail.EmailMultiAlternatives.send", lambda self: sent.append(self.to[0]) or 1):
        threads = [threading.Thread(target=worker) for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    assert errors == []
    assert len(sent) == len(set(sent)) == 2 * BATCH + 7


def test_the_relay_keeps_within_the_sending_rate():
    assert pause_after(BATCH, took=0.2, rate=0) == 0  # a full batch: the next one at once
    assert pause_after(3, took=0.01, rate=0) == outbox.POLL_SECONDS
    assert pause_after(BATCH, took=0.5, rate=50) == pytest.approx(BATCH / 50 - 0.5)
    assert pause_after(BATCH, took=5.0, rate=50) == 0  # slower than the cap already


@pytest.fixture
def petition(db):
    return make_petition()


@pytest.mark.django_db
def test_a_claim_its_worker_left_behind_is_sent_again_identical(client, petition):
    from datetime import timedelta

    from django.utils import timezone

    from awaz.signatures.services import signer_emails_claim
    from awaz.signatures.tokens import claimed_token

    _due_signatures(petition, 1)
    [claimed] = signer_emails_claim(limit=10)  # and then its worker died, sending or not
    assert relay_due_confirmations() == 0  # the lease holds it
    Signature.objects.update(send_claimed_until=timezone.now() - timedelta(seconds=1))
    assert relay_due_confirmations() == 1
    [message] = mail.outbox
    assert message.extra_headers["Message-ID"] == outbox.message_id(claimed.send_claim)
    assert link_from_email(message, "confirm") == f"/en/confirm/{claimed_token('confirm', claimed.send_claim)[0]}/"
    assert client.post(link_from_email(message, "confirm")).status_code == 200
    assert Signature.objects.get().send_claim is None  # erased: the link now exists in the email alone


@pytest.mark.django_db
def test_a_claim_whose_link_was_used_is_not_sent_again(client, petition):
    from datetime import timedelta

    from django.utils import timezone

    from awaz.signatures.services import signer_emails_claim
    from awaz.signatures.tokens import claimed_token

    _due_signatures(petition, 1)
    [claimed] = signer_emails_claim(limit=10)
    # The email left, the worker died before recording it, and the signer confirmed.
    token = claimed_token("confirm", claimed.send_claim)[0]
    assert client.post(f"/en/confirm/{token}/").status_code == 200
    Signature.objects.update(send_claimed_until=timezone.now() - timedelta(seconds=1))
    assert relay_due_confirmations() == 0
    assert mail.outbox == []
    assert not Signature.objects.get().confirmation_due
