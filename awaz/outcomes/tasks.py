"""Background work for outcomes. Tasks receive ids only: no personal data sits in the queue."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

EMAIL_RETRIES = 8
EMAIL_RETRY_DELAY = 60
BATCH = 500


@db_task()
def check_thresholds(petition_id: int) -> None:
    from awaz.outcomes.services import thresholds_check

    thresholds_check(petition_id=petition_id)


@db_periodic_task(crontab(minute="*"))
def sweep_thresholds() -> None:
    """Once a minute, every petition with a pending threshold is checked against its exact
    count: catches a crossing whose confirmation found a stale cached count, or that came
    through a path without the hook."""
    from awaz.outcomes.models import Threshold
    from awaz.outcomes.services import thresholds_check

    pending = Threshold.objects.filter(reached_at__isnull=True).values_list("petition_id", flat=True).distinct()
    for petition_id in list(pending):
        thresholds_check(petition_id=petition_id)


@db_task(retries=EMAIL_RETRIES, retry_delay=EMAIL_RETRY_DELAY)
def alert_team(threshold_id: int) -> None:
    from awaz.outcomes.emails import team_alert

    team_alert(threshold_id)


@db_task()
def email_targets(threshold_id: int) -> None:
    """One task per target, so a failing address is retried alone."""
    from awaz.outcomes.models import Threshold

    threshold = Threshold.objects.filter(pk=threshold_id).first()
    if threshold is None:
        return
    for target_id in threshold.petition.targets.exclude(email="").values_list("pk", flat=True):
        email_target(threshold_id, target_id)


@db_task(retries=EMAIL_RETRIES, retry_delay=EMAIL_RETRY_DELAY)
def email_target(threshold_id: int, target_id: int) -> None:
    from awaz.outcomes.emails import target_threshold

    target_threshold(threshold_id, target_id)


@db_task()
def announce(kind: str, pk: int) -> None:
    """Fan out a published response or a declared outcome to the petition's subscribers, once
    (the claim), reading ids in batches so memory stays flat."""
    from awaz.news.update_emails import subscribers
    from awaz.outcomes.models import Outcome, Response
    from awaz.outcomes.services import announcement_claim

    model = {"response": Response, "outcome": Outcome}[kind]
    petition_id = model.objects.filter(pk=pk).values_list("petition_id", flat=True).first()
    if petition_id is None or not announcement_claim(kind, pk):
        return
    last_id = 0
    while True:
        ids = list(subscribers(petition_id).filter(pk__gt=last_id).order_by("pk").values_list("pk", flat=True)[:BATCH])
        if not ids:
            return
        for signature_id in ids:
            send_announcement(kind, pk, signature_id)
        last_id = ids[-1]


@db_task(retries=EMAIL_RETRIES, retry_delay=EMAIL_RETRY_DELAY)
def send_announcement(kind: str, pk: int, signature_id: int) -> None:
    from awaz.outcomes.emails import signer_announcement

    signer_announcement(kind, pk, signature_id)
