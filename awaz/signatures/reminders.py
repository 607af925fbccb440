"""One reminder to a signer who has not confirmed a day after the confirmation email: the
confirmation email once more, through the outbox like every email to a signer.

Within the cap of 5 emails per address and petition (services.MAX_EMAILS_PER_SIGNATURE): only
a signature that has had exactly its first email, a day or more ago, is reminded, and the
conditional update that claims it (emails_sent 1 -> 2) is the lock, so two workers never send
the same reminder and a signer who already asked for the email again gets no reminder on top.
Sealed and count-only petitions keep no readable address after the first email: no reminder.
"""

import logging
from datetime import timedelta

from django.conf import settings
from django.db import transaction
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
    """Put the one reminder of each signature due for it in the outbox (the confirmation email
    again, with fresh links: awaz.signatures.outbox); returns how many were claimed."""
    from awaz.signatures import outbox

    now = now or timezone.now()
    ids = list(due_for_reminder(now).order_by("id").values_list("id", flat=True)[:batch])
    claimed = Signature.objects.filter(pk__in=ids, emails_sent=1, confirmed_at__isnull=True).update(
        emails_sent=F("emails_sent") + 1, last_email_at=now, confirmation_due=True
    )
    if claimed:
        logger.info("Queued %d confirmation reminders", claimed)
        transaction.on_commit(outbox.confirmation_due_now, robust=True)
    return claimed
