"""Periodic work on petitions: closing them on time (their signers are forgotten afterwards by
awaz.signatures.tasks.erase_expired_signatures)."""

from datetime import datetime

from django.utils import timezone
from huey import crontab
from huey.contrib.djhuey import db_periodic_task, lock_task


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


@db_periodic_task(crontab(minute="*/5"))
@lock_task("awaz-close-petitions")
def close_due_petitions() -> None:
    petitions_close_due()
