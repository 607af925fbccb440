"""The end of the undo window: removed signatures are deleted for good (awaz.fraud.services)."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, lock_task


@db_periodic_task(crontab(minute="*/15"))
@lock_task("awaz-fraud-purge")
def purge_held_signatures() -> None:
    from awaz.fraud.services import held_signatures_purge

    held_signatures_purge()
