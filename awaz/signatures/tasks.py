"""Background work for signatures. Tasks receive ids only: no personal data ever sits in the
queue, whose storage is a file or a Redis instance that is not encrypted.

Retention: AWAZ_RETENTION_DAYS after a petition closed, every Signature row of it is deleted.
Only the tallies (confirmed signatures per country) remain, so the public count and the table
by country stay as they were; names, addresses and comments are gone for good.
"""

import logging
from datetime import datetime, timedelta

from django.conf import settings
from django.utils import timezone
from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task, lock_task

from awaz.petitions.models import Petition

logger = logging.getLogger(__name__)


@db_task()
def send_confirmation(signature_id: int) -> None:
    """Kept for tasks queued before the outbox carried every email: it puts the email there."""
    _email_due(signature_id)


@db_task()
def send_already_signed(signature_id: int) -> None:
    """As send_confirmation: the outbox chooses the email from the signature's state."""
    _email_due(signature_id)


def _email_due(signature_id: int) -> None:
    from awaz.signatures.services import signature_email_due

    signature_email_due(signature_id=signature_id)


@db_task(retries=8, retry_delay=60)
def handle_resend_requests() -> None:
    """Queued after each "send it again"; the requests themselves wait in the database."""
    from awaz.signatures.services import resend_requests_handle

    while resend_requests_handle() > 0:
        pass


@db_periodic_task(crontab(minute="*"))
def handle_resend_requests_left_over() -> None:
    """Requests whose queued task was lost (a queue restarted): looked up within a minute."""
    handle_resend_requests.call_local()


@db_periodic_task(crontab(minute="17"))
def delete_unconfirmed_signatures() -> None:
    from awaz.signatures.services import signatures_delete_unconfirmed

    signatures_delete_unconfirmed()


@db_periodic_task(crontab(minute="41"))
def forget_source_tags() -> int:
    """Erase the network tags and small-domain tags of signatures older than the fraud desk's
    window (SOURCE_TAG_HOURS). Their keys are gone by then too (awaz.core.network)."""
    from awaz.signatures.services import signatures_forget_source_tags

    return signatures_forget_source_tags()


@db_periodic_task(crontab(minute="*/10"))
def remind_unconfirmed_signers() -> None:
    """One reminder, a day after the confirmation email (awaz.signatures.reminders)."""
    from awaz.signatures.services import signatures_remind_unconfirmed

    signatures_remind_unconfirmed()


def signatures_erase_expired(*, now: datetime | None = None) -> int:
    """Delete the signatures of petitions closed more than RETENTION_DAYS ago; keep the tallies.

    The tallies are deliberately left alone: they count confirmed signatures, and the count of
    a closed petition is its result. Returns how many signatures were deleted.
    """
    from awaz.signatures.services import signatures_erase_for_retention

    now = now or timezone.now()
    cutoff = now - timedelta(days=settings.RETENTION_DAYS)
    expired = Petition.objects.filter(status=Petition.Status.CLOSED, closed_at__lte=cutoff).values_list("pk", flat=True)
    deleted = 0
    for petition_id in expired:
        deleted += signatures_erase_for_retention(petition_id=petition_id)
    if deleted:
        logger.info("Retention: deleted %d signatures of petitions closed before %s", deleted, cutoff.date())
    return deleted


@db_periodic_task(crontab(minute="41"))
@lock_task("awaz-retention")
def erase_expired_signatures() -> None:
    signatures_erase_expired()
