"""One reminder to a signer who has not confirmed a day after the confirmation email.

Within the cap of 5 emails per address and petition (services.MAX_EMAILS_PER_SIGNATURE): only
a signature that has had exactly its first email, a day or more ago, is reminded, and the
conditional update that claims it (emails_sent 1 -> 2) is the lock, so two workers never send
the same reminder and a signer who already asked for the email again gets no reminder on top.
Sealed and count-only petitions keep no readable address after the first email: no reminder.
The reminder goes through the durable outbox like every email to a signer (awaz.signatures.
outbox): the claim (awaz.signatures.services.signatures_remind_unconfirmed) marks it due,
and a worker sends it, at most once.
"""

from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from awaz.signatures.models import Signature

REMIND_AFTER = timedelta(hours=24)
BATCH = 200


def due_for_reminder(now=None):
    now = now or timezone.now()
    link_valid_since = now - timedelta(days=settings.CONFIRMATION_DAYS) + timedelta(hours=1)
    return Signature.objects.pending().filter(
        emails_sent=1, confirmation_due=False, email__isnull=False,
        last_email_at__lte=now - REMIND_AFTER, created_at__gte=link_valid_since,
    )
