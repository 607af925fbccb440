"""Background work for news: the minute-by-minute publisher of scheduled posts."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task


@db_periodic_task(crontab(minute="*"))
def publish_due_posts() -> int:
    from awaz.news.services import post_publish_due

    return post_publish_due()
