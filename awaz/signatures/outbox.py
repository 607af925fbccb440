"""Emails to signers, taken from the signatures table itself (a transactional outbox).

A row with `confirmation_due` set has an email waiting: the first confirmation (set by the
insert, in the signer's own request), a confirmation sent again, or "you have already signed".
It stays due until the mail server has accepted the email; nothing about it lives only in a
queue. Each email goes through three steps, each its own commit or SMTP transaction:

1. claim (awaz.signatures.services.signer_emails_claim): a random claim, the hashes of the
   links derived from it, and a lease, committed for a batch before any email of it is sent;
2. the SMTP transaction for one email, its Message-ID and links derived from the claim; when
   all of it but the final "." of DATA has gone, the row is marked handed over, in its own
   commit, and only then is the dot sent (awaz.core.smtp);
3. reconcile: accepted (the row leaves the outbox, the claim is erased; written for the whole
   batch at its end), deferred (tried again later with the same claim, the mark cleared) or
   refused for good (each written at once). The worker holds an accepted email's outcome in
   memory until the database takes it (a PostgreSQL restart only delays the write).

A worker killed between 1 and 3 leaves claimed rows behind. When their lease ends, a row that
was never handed over is sent again with the same claim (the server cannot have it: it never
got the dot), and a row marked handed over is recorded as delivered, never sent twice.
docs/email-delivery.md goes through every crash window.
"""

import logging
import smtplib
import threading
import time
from datetime import timedelta
from email.utils import format_datetime

from django.conf import settings
from django.core.mail import get_connection
from django.db import DatabaseError, close_old_connections, connection
from django.urls import reverse
from django.utils import timezone, translation
from huey.contrib.djhuey import HUEY

from awaz.core.mail import Delivery, deliver, email_from_parts, sender
from awaz.core.onion import base_url
from awaz.signatures.signer_emails import SignerEmails

logger = logging.getLogger(__name__)

BATCH = 100
# How often an idle worker looks for due emails: a signer waits at most this long for the
# email to start on its way. The query reads a partial index that holds only due rows.
POLL_SECONDS = 0.5
# How long to wait between attempts to record an outcome while the database is away.
RECORD_RETRY_SECONDS = 0.5


def message_id(claim: str) -> str:
    domain = settings.DEFAULT_FROM_EMAIL.rpartition("@")[2].strip(" >") or "localhost"
    return f"<{claim}@{domain}>"


class _Batch:
    """What the emails of one batch share: the SMTP session, per language and petition the
    title, the senders, the links' paths and the rendered templates (signer_emails), and the
    accepted emails whose outcome is still to be written."""

    def __init__(self, smtp):
        self.smtp = smtp
        self.renderer = SignerEmails()
        self.accepted: list[tuple] = []
        self._petitions: dict = {}
        self._paths: dict = {}

    def petition_context(self, signature, base: str) -> tuple[dict, tuple]:
        key = (signature.petition_id, signature.language, base)
        if key not in self._petitions:
            petition, language = signature.petition, signature.language
            translation_row, _ = petition.translated(language)
            with translation.override(language):
                context = {
                    "petition_title": translation_row.title if translation_row else petition.slug,
                    "days": settings.CONFIRMATION_DAYS,
                    "BASE_URL": base,
                    "petition_url": base + petition.get_absolute_url(),
                }
            organization = petition.organization
            if organization is not None and organization.brand_colour:
                context["brand_colour"] = organization.brand_colour  # as build_email sets it
            self._petitions[key] = (context, sender(organization, language))
        return self._petitions[key]

    def link(self, view: str, language: str, token: str) -> str:
        key = (view, language)
        if key not in self._paths:
            with translation.override(language):
                self._paths[key] = reverse(view, args=[_TOKEN]).split(_TOKEN)
        before, after = self._paths[key]
        return before + token + after


_TOKEN = "T0KEN"  # stands for a link token in a reversed path; tokens need no quoting


def _email_for(signature, batch: _Batch):
    """The email a claimed row stands for; built from the row and its claim alone, so a second
    attempt builds the very same email."""
    from awaz.signatures.tokens import claimed_token

    with_confirm = not signature.signer_confirmed
    base = base_url(signature.via_onion)  # onion links for a signer who signed through it
    language = signature.language
    context, from_and_reply_to = batch.petition_context(signature, base)
    withdraw_url = base + batch.link("signatures:withdraw", language, claimed_token("withdraw", signature.send_claim)[0])
    confirm_url = None
    if with_confirm:
        confirm_url = base + batch.link("signatures:confirm", language, claimed_token("confirm", signature.send_claim)[0])
    name = ("remind_signature" if signature.reminder_due else "confirm_signature") if with_confirm else "already_signed"
    subject, text, html = batch.renderer.render(name, language, context, petition_id=signature.petition_id,
                                                signer_name=signature.name, confirm_url=confirm_url,
                                                withdraw_url=withdraw_url)
    message = email_from_parts(subject, text, html, to=signature.email, sender=from_and_reply_to,
                               connection=batch.smtp)
    message.extra_headers["Message-ID"] = message_id(signature.send_claim)
    message.extra_headers["Date"] = format_datetime(signature.token_sent_at or timezone.now())
    return batch.renderer.prepare(message, name, language, petition_id=signature.petition_id, base=base,
                                  signer_name=signature.name, confirm_url=confirm_url, withdraw_url=withdraw_url)


def _record(function, stop: threading.Event | None = None, **outcome):
    """Write an outcome, waiting for the database as long as it takes (or until `stop`: then
    None); returns what `function` returned."""
    while True:
        try:
            return function(**outcome)
        except DatabaseError:
            logger.warning("The database is unavailable; keeping an email's outcome until it is back")
            if not connection.in_atomic_block:  # a caller's transaction (tests) is theirs to end
                close_old_connections()  # drops the broken connection; the next query reconnects
            if stop is not None and stop.wait(RECORD_RETRY_SECONDS):
                return None
            if stop is None:
                time.sleep(RECORD_RETRY_SECONDS)


def _send_one(signature, batch: _Batch, stop) -> Delivery | None:
    from awaz.signatures import services

    if signature.send_claimed_until - timezone.now() < timedelta(seconds=settings.EMAIL_CLAIM_SECONDS / 2):
        # The lease is running out (the batch waited on a slow server or the database): sending
        # now could overlap another worker's attempt. Left for the next claim.
        return None
    ids = {"signature_id": signature.pk, "claim": signature.send_claim}
    try:
        message = _email_for(signature, batch)
    except ValueError:  # an address no header may carry (awaz.core.mail.email_from_parts)
        delivery, code = Delivery.REFUSED, None
    else:
        message.before_final_dot = lambda: _record(services.signer_email_handed_over, stop, **ids)
        delivery, code = deliver(message)
    if delivery is Delivery.ACCEPTED:
        batch.accepted.append((signature, signature.send_claim, message))  # written by _record_accepted
    elif delivery is Delivery.DEFERRED:
        logger.warning("Email for signature %s deferred (SMTP reply %s); it stays in the outbox",
                       signature.pk, code or "none")
        _record(services.signer_email_deferred, stop, failures=signature.send_failures, **ids)
    else:
        logger.warning("Email for signature %s refused by the mail server (SMTP reply %s); not retried",
                       signature.pk, code or "none")
        _record(services.signer_email_refused, stop, **ids)
    return delivery


def relay_due_confirmations(batch: int = BATCH, stop: threading.Event | None = None) -> int:
    """Claim up to `batch` due emails and send them over one SMTP connection; returns how many
    it took on."""
    from awaz.signatures import services

    if not services.signer_emails_due():
        return 0  # an idle poll reads the partial index and opens no transaction
    signatures = services.signer_emails_claim(limit=batch)
    if not signatures:
        return 0
    smtp = get_connection()
    batch = _Batch(smtp)
    _outcomes_commit_without_flush(True)
    deferred_in_a_row = 0
    try:
        try:
            smtp.open()  # one session for the batch (send_messages would open one per email)
        except (OSError, smtplib.SMTPException):
            pass  # each email finds the server down in turn and is deferred
        for signature in signatures:
            if deferred_in_a_row >= 3:
                # The server is down or refusing everything: the rest are deferred as they are,
                # rather than each costing a connection attempt (or a timeout) now.
                _record(services.signer_email_deferred, stop, signature_id=signature.pk,
                        claim=signature.send_claim, failures=signature.send_failures)
                continue
            delivery = _send_one(signature, batch, stop)
            deferred_in_a_row = deferred_in_a_row + 1 if delivery is Delivery.DEFERRED else 0
    finally:
        try:
            _record_accepted(batch, stop)  # on an error too: what the server took is recorded now
        finally:
            try:
                smtp.close()
            except Exception:  # noqa: BLE001 - a broken connection is being dropped anyway
                pass
            _outcomes_commit_without_flush(False)
    return len(signatures)


def _record_accepted(batch: _Batch, stop) -> None:
    """The batch's accepted emails, written together: one commit instead of one per email. Until
    then each row says it was handed over (written before its dot), so a worker killed before
    this leaves rows that the next claim records as delivered, none sent twice."""
    from awaz.signatures import services

    if batch.accepted:
        _record(services.signer_emails_accepted, stop, emails=batch.accepted)
        batch.accepted = []


def _outcomes_commit_without_flush(on: bool) -> None:
    """While a batch's outcomes are written, PostgreSQL answers each commit without waiting for
    its WAL flush: the mark "accepted" is visible the moment it returns, so a worker killed
    right after it sends nothing twice, and the write costs one round trip. The claims (the
    next batch) are written with the default again: they must survive a crash of PostgreSQL,
    since an email's links derive from its claim. Losing an outcome to such a crash only sends
    the same email again (docs/email-delivery.md)."""
    if connection.vendor != "postgresql" or connection.in_atomic_block:
        return  # a caller's transaction (tests) keeps its settings
    try:
        with connection.cursor() as cursor:
            cursor.execute("SET synchronous_commit TO OFF" if on else "RESET synchronous_commit")
    except DatabaseError:
        # The database went away: the outcomes wait in memory for it (_record), and a new
        # connection starts with the default.
        if not on:
            close_old_connections()


def confirmation_due_now() -> None:
    """Called once an email is due (a new signature committed, a resend). Workers find it by
    polling; with the queue in immediate mode (tests, one-off scripts) there is no worker, so
    the email goes now."""
    if HUEY.immediate:
        relay_due_confirmations()


def relay_forever(stop: threading.Event) -> None:
    """The worker's relay loop: batch after batch while emails are due, within EMAIL_RATE."""
    while not stop.is_set():
        started = time.monotonic()
        relayed = 0
        try:
            close_old_connections()
            relayed = relay_due_confirmations(stop=stop)
        except Exception:
            logger.exception("Relaying emails failed; trying again shortly")
        finally:
            close_old_connections()
        pause = pause_after(relayed, time.monotonic() - started, settings.EMAIL_RATE)
        if pause > 0:
            stop.wait(pause)


def pause_after(relayed: int, took: float, rate: int) -> float:
    """Seconds to wait before the next batch: none after a full one (more are due), a poll
    interval after a partial one, and in any case long enough to keep within `rate` a second."""
    pause = POLL_SECONDS if relayed < BATCH else 0.0
    if rate:
        pause = max(pause, relayed / rate - took)
    return pause


def start_relay() -> threading.Event:
    stop = threading.Event()
    threading.Thread(target=relay_forever, args=(stop,), name="awaz-outbox-relay", daemon=True).start()
    return stop
