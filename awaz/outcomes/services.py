"""Every change to a campaign's outcome goes through these functions; the admin, the worker and
the commands call them.

Each one checks, changes, writes an `AuditEntry`, then notifies after the commit. A threshold
and an announcement are claimed with a conditional UPDATE (`...filter(reached_at=None).update()`),
so however many workers or confirmations race, exactly one of them acts.
"""

import logging
import time

from django.core.cache import cache
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from awaz.outcomes.models import AuditEntry, Campaign, Delivery, Outcome, Response, Threshold
from awaz.petitions.models import Petition, Role
from awaz.petitions.services import petition_close
from awaz.signatures.counts import petition_numbers
from awaz.signatures.models import SignatureTally
from awaz.webhooks.events import event_record
from awaz.webhooks.models import EventKind

logger = logging.getLogger(__name__)

# The hook below runs after every confirmation, so it reads only the cache. Its count may be a
# second old; within this many signatures of the next threshold, it asks the worker to check
# the exact count (the worker's periodic sweep catches anything else within a minute).
NEAR_THRESHOLD = 200
NEXT_THRESHOLD_SECONDS = 10
# ... and each process keeps it this long too: a cache round trip per confirmation, for a value
# that changes a few times in a campaign's life (a threshold added or reached).
NEXT_THRESHOLD_LOCAL_SECONDS = 2
MOST_PETITIONS = 1000  # held at once in a process; past it the local copy starts again
_next_local: dict[int, tuple[float, int]] = {}
TIMELINE_SECONDS = 30


class OutcomeError(Exception):
    """A change that cannot be made; the message says why, in the operator's language."""


def _next_key(petition_id: int) -> str:
    return f"awaz:outcomes:next:{petition_id}"


def timeline_key(petition_id: int, language: str) -> str:
    return f"awaz:outcomes:timeline:{petition_id}:{language}"


def forget_local() -> None:
    """Drop the next thresholds this process holds (tests call it: ids are reused)."""
    _next_local.clear()


def forget_outcomes(petition_id: int) -> None:
    """Drop what is cached about a petition's thresholds and timeline, after any change."""
    from django.conf import settings

    _next_local.pop(petition_id, None)  # this process's; the others' expire within seconds
    cache.delete_many([_next_key(petition_id)] + [timeline_key(petition_id, code) for code, _ in settings.LANGUAGES])


def audit(*, petition_id: int, action: str, detail: str = "", operator=None) -> AuditEntry:
    return AuditEntry.objects.create(
        petition_id=petition_id, action=action, detail=detail, operator=operator,
        operator_name=getattr(operator, "username", "") if operator else "",
    )


# --- Thresholds -------------------------------------------------------------------------------

def _next_pending(petition_id: int) -> int:
    """The lowest threshold not yet reached, or 0 for none (cached: most petitions have none)."""

    def read() -> int:
        lowest = Threshold.objects.filter(petition_id=petition_id, reached_at__isnull=True).order_by("count").first()
        return lowest.count if lowest else 0

    now = time.monotonic()
    held = _next_local.get(petition_id)
    if held is not None and now - held[0] < NEXT_THRESHOLD_LOCAL_SECONDS:
        return held[1]
    lowest = cache.get_or_set(_next_key(petition_id), read, NEXT_THRESHOLD_SECONDS)
    if len(_next_local) >= MOST_PETITIONS:
        _next_local.clear()
    _next_local[petition_id] = (now, lowest)
    return lowest


def confirmed_count(petition_id: int) -> int:
    """The exact count, from the tallies (never the cache): what a threshold is judged by."""
    return SignatureTally.objects.filter(petition_id=petition_id).aggregate(n=Sum("count"))["n"] or 0


def signature_counted(petition_id: int) -> None:
    """Called after a confirmation commits (the awaz.signatures.signals.signature_counted signal).

    Costs one cache read for a petition without pending thresholds; near one, it queues the
    exact check for the worker, so the signer's request never waits on it.
    """
    try:
        next_count = _next_pending(petition_id)
        if next_count and petition_numbers(petition_id).total + NEAR_THRESHOLD >= next_count:
            from awaz.outcomes import tasks

            tasks.check_thresholds(petition_id)
    except Exception:
        # The signature is confirmed and counted already: a failing cache or queue must not turn
        # the signer's confirmation into an error page. The sweep checks again within a minute.
        logger.exception("Threshold check not queued for petition %s", petition_id)


def thresholds_check(*, petition_id: int) -> list[Threshold]:
    """Reach every threshold the exact count has crossed, each exactly once. Returns the ones
    this call reached (another worker may have reached the others)."""
    total = confirmed_count(petition_id)
    reached = []
    for threshold in Threshold.objects.filter(petition_id=petition_id, reached_at__isnull=True, count__lte=total):
        if threshold_reach(threshold=threshold, count=total):
            reached.append(threshold)
    return reached


def _claim_threshold(threshold: Threshold, count: int) -> bool:
    now = timezone.now()
    claimed = Threshold.objects.filter(pk=threshold.pk, reached_at__isnull=True).update(reached_at=now, reached_count=count)
    if claimed:
        threshold.reached_at, threshold.reached_count = now, count
    return claimed == 1


def threshold_reach(*, threshold: Threshold, count: int) -> bool:
    """Claim one threshold and act on it: audit, mark ready, then (after commit) the emails."""
    from awaz.outcomes import tasks

    with transaction.atomic():
        if not _claim_threshold(threshold, count):
            return False
        audit(petition_id=threshold.petition_id, action=AuditEntry.Action.THRESHOLD_REACHED,
              detail=f"threshold={threshold.count} count={count} alert_team={threshold.alert_team} "
                     f"email_targets={threshold.email_targets} mark_ready={threshold.mark_ready}")
        event_record(kind=EventKind.THRESHOLD_REACHED, petition_id=threshold.petition_id, number=threshold.count)
        if threshold.mark_ready:
            campaign_mark_ready(petition_id=threshold.petition_id)
        if threshold.alert_team:
            transaction.on_commit(lambda: tasks.alert_team(threshold.pk))
        if threshold.email_targets:
            transaction.on_commit(lambda: tasks.email_targets(threshold.pk))
    forget_outcomes(threshold.petition_id)
    return True


def campaign_for(petition_id: int) -> Campaign:
    campaign, _ = Campaign.objects.get_or_create(petition_id=petition_id)
    return campaign


def campaign_mark_ready(*, petition_id: int, operator=None) -> bool:
    campaign = campaign_for(petition_id)
    changed = Campaign.objects.filter(pk=campaign.pk, ready_to_deliver_at__isnull=True).update(ready_to_deliver_at=timezone.now())
    if changed:
        audit(petition_id=petition_id, action=AuditEntry.Action.READY, operator=operator)
    return changed == 1


def is_owner(user, organization_id: int) -> bool:
    if user is None or not user.is_active:
        return False
    return user.is_superuser or user.memberships.filter(organization_id=organization_id, role=Role.OWNER).exists()


def package_names_override(*, petition: Petition, operator, reason: str) -> None:
    """An owner decides that the package lists every confirmed signer, not only those who chose
    to be shown. Only an owner may (of the organization, or of the site), and only with a
    reason, which the audit keeps."""
    if not is_owner(operator, petition.organization_id):
        raise OutcomeError(_("Only an owner of the organization or of the site can include every signer."))
    reason = (reason or "").strip()
    if not reason:
        raise OutcomeError(_("Give the reason to include every signer; it is kept in the audit log."))
    with transaction.atomic():
        campaign = campaign_for(petition.pk)
        Campaign.objects.filter(pk=campaign.pk).update(all_signers_reason=reason, all_signers_by=operator.username)
        audit(petition_id=petition.pk, action=AuditEntry.Action.ALL_SIGNERS, detail=reason, operator=operator)


# --- Delivery, responses, outcome ----------------------------------------------------------

def delivery_recorded(*, delivery: Delivery, operator=None) -> None:
    """A delivery was saved (the admin saved its row and photo, see forms.clean_photo)."""
    with transaction.atomic():
        if delivery.signature_count is None:
            count = confirmed_count(delivery.petition_id)
            Delivery.objects.filter(pk=delivery.pk).update(signature_count=count)
            delivery.signature_count = count
        audit(petition_id=delivery.petition_id, action=AuditEntry.Action.DELIVERED,
              detail=f"delivery={delivery.pk} on={delivery.delivered_on}", operator=operator)
    forget_outcomes(delivery.petition_id)


def response_publish(*, response: Response, operator=None, notify: bool = True) -> bool:
    """Make a response public and, once, email the signers who asked for updates."""
    from awaz.outcomes import tasks

    if not response.translations.exists():
        raise OutcomeError(_("Write the text of the answer before publishing it."))
    with transaction.atomic():
        published = Response.objects.filter(pk=response.pk, published_at__isnull=True).update(published_at=timezone.now())
        if not published:
            return False
        audit(petition_id=response.petition_id, action=AuditEntry.Action.RESPONSE,
              detail=f"response={response.pk}", operator=operator)
        if notify:
            transaction.on_commit(lambda: tasks.announce("response", response.pk))
    forget_outcomes(response.petition_id)
    return True


def outcome_declare(*, outcome: Outcome, operator=None, notify: bool = True) -> bool:
    """Declare how the campaign ended: public at once, signing closed if asked, and the
    signers who asked for updates emailed once."""
    from awaz.outcomes import tasks

    if not outcome.translations.exists():
        raise OutcomeError(_("Write the statement before declaring the outcome."))
    with transaction.atomic():
        declared = Outcome.objects.filter(pk=outcome.pk, declared_at__isnull=True).update(declared_at=timezone.now())
        if not declared:
            return False
        if outcome.close_signing:
            petition_close(petition=outcome.petition)
        audit(petition_id=outcome.petition_id, action=AuditEntry.Action.OUTCOME,
              detail=f"outcome={outcome.kind} close_signing={outcome.close_signing}", operator=operator)
        if notify:
            transaction.on_commit(lambda: tasks.announce("outcome", outcome.pk))
    forget_outcomes(outcome.petition_id)
    return True


def announcement_claim(kind: str, pk: int) -> bool:
    """The right to email one announcement, once ever (a conditional update)."""
    model = {"response": Response, "outcome": Outcome}[kind]
    published = "published_at" if kind == "response" else "declared_at"
    return model.objects.filter(pk=pk, announced_at__isnull=True, **{f"{published}__isnull": False}).update(
        announced_at=timezone.now()
    ) == 1
