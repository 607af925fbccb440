"""Confirmation emails, taken from the signatures table itself (a transactional outbox).

A new signature is inserted with `confirmation_due` set, in the signer's own request; that is
the whole of the request's part. Workers claim due rows in batches (SKIP LOCKED on PostgreSQL,
so several workers never take the same row) and send them over one SMTP connection, saving
each email's links and clearing its flag in one UPDATE inside the claiming transaction. So an
email cannot be lost between a commit and a queue, the busiest request writes to one store
instead of two, and each email costs one write. If a worker dies mid-batch, the batch rolls
back and is sent again (with new links; the old ones never reached the database).
"""

import logging
import threading
import time

from django.conf import settings
from django.core.mail import get_connection
from django.db import DatabaseError, close_old_connections, connection, transaction
from huey.contrib.djhuey import HUEY

logger = logging.getLogger(__name__)

BATCH = 100
# How often an idle worker looks for due emails: a signer waits at most this long for the
# email to start on its way. The query reads a partial index that holds only due rows.
POLL_SECONDS = 0.5


def relay_due_confirmations(batch: int = BATCH) -> int:
    """Send up to `batch` due confirmation emails over one SMTP connection; returns how many
    rows it took on.

    On PostgreSQL the batch is one transaction: its rows stay locked (and skipped by other
    workers) until their emails are sent. SQLite has one writer for the whole site, so there
    each email is its own short transaction, and signers' inserts never wait for a batch.
    """
    per_transaction = batch if connection.features.has_select_for_update_skip_locked else 1
    smtp = get_connection()
    titles: dict = {}
    relayed = 0
    try:
        while relayed < batch:
            taken = _relay_some(min(per_transaction, batch - relayed), smtp, titles)
            relayed += taken
            if taken < per_transaction:
                break
    finally:
        smtp.close()
    return relayed


def _relay_some(limit: int, smtp, titles: dict) -> int:
    from awaz.signatures import tasks
    from awaz.signatures.models import Signature

    if not Signature.objects.filter(confirmation_due=True).exists():
        # An idle poll reads the partial index and opens no transaction (on SQLite, a
        # transaction takes the site's one write lock).
        return 0
    with transaction.atomic():
        # `of=("self",)`: lock the signatures only; their petition is shared by every batch.
        due = Signature.objects.select_for_update(skip_locked=True, of=("self",)).filter(confirmation_due=True)
        signatures = list(due.select_related("petition").order_by("pk")[:limit])
        if signatures and getattr(smtp, "connection", True) is None:
            smtp.open()  # only once there is something to send: idle polls never reach the mail server
        for signature in signatures:
            try:
                # The links and the cleared flag in one UPDATE: one write per email.
                # Due again after signing again: the link once more, or "already signed".
                confirmed = signature.is_confirmed
                tasks.email_signer(signature, "already_signed" if confirmed else "confirm_signature",
                                   with_confirm=not confirmed, connection=smtp,
                                   also={"confirmation_due": False}, titles=titles)
            except DatabaseError:
                raise  # the whole batch rolls back and is sent again: nothing is lost
            except Exception:
                # One bad address or a mail server's hiccup must not hold up the batch: that
                # email is retried on its own.
                logger.warning("Confirmation email for signature %s failed; retrying it alone", signature.pk)
                Signature.objects.filter(pk=signature.pk).update(confirmation_due=False)
                tasks.send_confirmation.schedule((signature.pk,), delay=tasks.EMAIL_RETRY_DELAY)
    return len(signatures)


def confirmation_due_now() -> None:
    """Called once a new signature is committed. Workers find it by polling; with the queue in
    immediate mode (tests, one-off scripts) there is no worker, so the email goes now."""
    if HUEY.immediate:
        relay_due_confirmations()


def relay_forever(stop: threading.Event) -> None:
    """The worker's relay loop: batch after batch while emails are due, within EMAIL_RATE."""
    while not stop.is_set():
        started = time.monotonic()
        relayed = 0
        try:
            close_old_connections()
            relayed = relay_due_confirmations()
        except Exception:
            logger.exception("Relaying confirmation emails failed; trying again shortly")
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
