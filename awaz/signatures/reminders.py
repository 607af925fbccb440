"""One reminder to a signer who has not confirmed a day after the confirmation email.

Within the cap of 5 emails per address and petition (services.MAX_EMAILS_PER_SIGNATURE): only
a signature that has had exactly its first email, a day or more ago, is reminded, and the
conditional update that claims it (emails_sent 1 -> 2) is the lock, so two workers never send
the same reminder and a signer who already asked for the email again gets no reminder on top.
Sealed and count-only petitions keep no readable address after the first email: no reminder.
The reminder goes through the durable outbox like every email to a signer (awaz.signatures.
outbox): the claim marks it due, and a worker sends it, at most once.
"""

import logging
from datetime import timedelta

from django.conf import settings
from django.db.models import F
from django.utils import timezone

from awaz.signatures.models import Signature

logger = logging.getLogger(__name__)

REMIND_AFTER = timedelta(hours=24)
BATCH = 200


def due_for_reminder(now=None):
    now = now or timezone.now()
    link_valid_since = now - timedelta(days=settings.CONFIRMATION_DAYS) + timedelta(hours=1)
    return Signature.objects.pending().filter(
        emails_sent=1, confirmation_due=False, email__isnull=False,
        last_email_at__lte=now - REMIND_AFTER, created_at__gte=link_valid_since,
    )


def signatures_remind_unconfirmed(*, now=None, batch: int = BATCH) -> int:
    """Put the one reminder of each signature due for it in the outbox; returns how many."""
    from awaz.signatures import outbox

    now = now or timezone.now()
    due = list(due_for_reminder(now).order_by("id").values_list("id", flat=True)[:batch])
    # The conditional update is the claim: emails_sent 1 -> 2 happens once per signature.
    queued = Signature.objects.filter(pk__in=due, emails_sent=1, confirmed_at__isnull=True, held_confirmed_at__isnull=True).update(
        emails_sent=F("emails_sent") + 1, last_email_at=now, confirmation_due=True, reminder_due=True
    )
    if queued:
        logger.info("Queued %d confirmation reminders", queued)
        outbox.confirmation_due_now()
    return queued
