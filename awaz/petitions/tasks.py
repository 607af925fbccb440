"""Periodic work on petitions: closing them on time, and forgetting their signers afterwards.

Retention: AWAZ_RETENTION_DAYS after a petition closed, every Signature row of it is deleted.
Only the tallies (confirmed signatures per country) remain, so the public count and the table
by country stay as they were; names, addresses and comments are gone for good.
"""

import logging
from datetime import datetime, timedelta

from django.conf import settings
from django.utils import timezone
from huey import crontab
from huey.contrib.djhuey import db_periodic_task, lock_task

logger = logging.getLogger(__name__)

# Signatures deleted per statement: short transactions, so signing elsewhere never waits long.


def petitions_close_due(*, now: datetime | None = None) -> int:
    """Close open petitions whose closing time has passed. Returns how many were closed."""
    from awaz.petitions.models import Petition
    from awaz.petitions.services import petition_close

    now = now or timezone.now()
    closed = 0
    for petition in Petition.objects.filter(status=Petition.Status.OPEN, closes_at__lte=now).only("pk"):
        petition_close(petition=petition)
        closed += 1
    # A petition closed by editing its status in the admin has no closing date yet; without
    # one the retention clock would never start, so it starts now.
    Petition.objects.filter(status=Petition.Status.CLOSED, closed_at__isnull=True).update(closed_at=now)
    return closed


def signatures_erase_expired(*, now: datetime | None = None) -> int:
    """Delete the signatures of petitions closed more than RETENTION_DAYS ago; keep the tallies.

    The tallies are deliberately left alone: they count confirmed signatures, and the count of
    a closed petition is its result. Returns how many signatures were deleted.
    """
    from awaz.petitions.models import Petition
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


@db_periodic_task(crontab(minute="*/5"))
@lock_task("awaz-close-petitions")
def close_due_petitions() -> None:
    petitions_close_due()


@db_periodic_task(crontab(minute="41"))
@lock_task("awaz-retention")
def erase_expired_signatures() -> None:
    signatures_erase_expired()
