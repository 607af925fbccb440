"""Background work of the operations app: the nightly reconciliation and its alert email."""

import logging

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task, lock_task

logger = logging.getLogger(__name__)


@db_periodic_task(crontab(minute="23", hour="3"))
@lock_task("awaz-reconcile")
def reconcile_tallies() -> None:
    """Nightly, like the UK petitions site: repairs are rare, and `awaz reconcile` runs it now."""
    from awaz.operations.services import tallies_reconcile

    tallies_reconcile()


@db_task(retries=8, retry_delay=300)
def alert_operators() -> None:
    from awaz.operations.emails import repairs_alert

    repairs_alert()
