"""Webhook deliveries in the worker. Tasks carry no arguments: the work waits in the database."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, lock_task


@db_periodic_task(crontab(minute="*"))
@lock_task("awaz-webhooks")
def deliver_webhooks() -> None:
    from awaz.api.org.webhooks import webhooks_run

    webhooks_run()


@db_periodic_task(crontab(minute="23", hour="*"))
def forget_old_webhook_deliveries() -> None:
    from awaz.api.org.webhooks import webhooks_forget_old

    webhooks_forget_old()
