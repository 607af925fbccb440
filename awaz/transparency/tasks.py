"""The worker appends every log's pending entries each minute and signs the new checkpoints."""

import logging

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, lock_task

logger = logging.getLogger(__name__)


@db_periodic_task(crontab(minute="*"))
@lock_task("awaz-transparency-logs")
def append_to_logs() -> None:
    from awaz.transparency.tiles import logs_append

    appended = logs_append()
    if appended:
        logger.info("Transparency logs: appended %d entries", appended)
