"""The worker's half of webhooks: fan events out to endpoints, then deliver, retrying.

1. `events_fan_out`: each new event (awaz.webhooks.events, written in the transaction of its
   change) gets one Delivery per endpoint of its organization that hears about its kind, each
   with a random idempotency key. Hundreds of events per statement: a spike of confirmations is
   a few inserts for the worker, and cost signing nothing.
2. `deliveries_claim` takes due deliveries with a lease (SKIP LOCKED on PostgreSQL), and
   `delivery_attempt` builds the body (awaz.api.org.payloads reads the signer then, so a
   signer who withdrew meanwhile is not in it), signs it (awaz.webhooks.signing) and POSTs it
   (awaz.webhooks.transport, public HTTPS only). A 2xx answer delivers it; anything else is
   tried again after 30 s, 1, 2, 4 ... minutes (at most 6 hours), with the same idempotency key,
   until WEBHOOK_MAX_ATTEMPTS. A delivered one is never sent again.
"""

import json
import uuid
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from awaz.api.org.payloads import payload
from awaz.webhooks import transport
from awaz.webhooks.models import Delivery, Endpoint, Event, EventKind
from awaz.webhooks.signing import HEADER, signature_header

FAN_OUT_BATCH = 500
DELIVERY_BATCH = 50
LEASE_SECONDS = 120
RETRY_FIRST = 30
RETRY_MAX = 6 * 3600
KEEP_DAYS = 30  # the delivery log's memory


def retry_pause(attempts: int) -> int:
    return min(RETRY_MAX, RETRY_FIRST * 2 ** max(0, attempts - 1))


def events_fan_out(*, limit: int = FAN_OUT_BATCH) -> int:
    """Make the deliveries of up to `limit` new events; returns how many events it took."""
    now = timezone.now()
    with transaction.atomic():
        events = list(Event.objects.filter(fanned_out_at__isnull=True).select_for_update(skip_locked=True)
                      .order_by("pk")[:limit])
        if not events:
            return 0
        endpoints: dict[int, list[Endpoint]] = {}
        for endpoint in Endpoint.objects.filter(organization_id__in={e.organization_id for e in events},
                                                removed_at__isnull=True):
            endpoints.setdefault(endpoint.organization_id, []).append(endpoint)
        deliveries = [
            Delivery(endpoint=endpoint, event=event, idempotency_key=str(uuid.uuid4()), next_attempt_at=now)
            for event in events for endpoint in endpoints.get(event.organization_id, [])
            if event.kind in endpoint.events
        ]
        Delivery.objects.bulk_create(deliveries, ignore_conflicts=True)
        Event.objects.filter(pk__in=[e.pk for e in events]).update(fanned_out_at=now)
    return len(events)


def _due(now):
    return Delivery.objects.filter(status=Delivery.Status.PENDING, next_attempt_at__lte=now).filter(
        Q(claimed_until__isnull=True) | Q(claimed_until__lt=now))


def deliveries_claim(*, limit: int = DELIVERY_BATCH) -> list[Delivery]:
    now = timezone.now()
    with transaction.atomic():
        rows = list(_due(now).select_for_update(skip_locked=True, of=("self",))
                    .select_related("endpoint", "event", "event__organization", "event__petition").order_by("next_attempt_at", "pk")[:limit])
        Delivery.objects.filter(pk__in=[row.pk for row in rows]).update(claimed_until=now + timedelta(seconds=LEASE_SECONDS))
    return rows


def delivery_body(delivery: Delivery) -> bytes:
    return json.dumps(payload(delivery.event, delivery.idempotency_key), ensure_ascii=False,
                      separators=(",", ":")).encode()


def delivery_attempt(delivery: Delivery) -> bool:
    """One attempt; records its outcome (status code or error, never the body). True if delivered."""
    body = delivery_body(delivery)
    headers = {
        "Content-Type": "application/json",
        "User-Agent": "Awaz-Webhooks/1",
        "Idempotency-Key": delivery.idempotency_key,
        "Awaz-Event": delivery.event.kind,
        HEADER: signature_header(secret=delivery.endpoint.secret, body=body),
    }
    answer = transport.post(delivery.endpoint.url, body, headers)
    now = timezone.now()
    mine = Delivery.objects.filter(pk=delivery.pk, status=Delivery.Status.PENDING)
    if answer.ok:
        mine.update(status=Delivery.Status.DELIVERED, delivered_at=now, attempts=F("attempts") + 1,
                    last_status=answer.status, last_error="", claimed_until=None)
        return True
    attempts = delivery.attempts + 1
    gave_up = attempts >= settings.WEBHOOK_MAX_ATTEMPTS or delivery.event.kind == EventKind.TEST
    mine.update(attempts=F("attempts") + 1, last_status=answer.status, last_error=answer.error[:100],
                claimed_until=None, next_attempt_at=now + timedelta(seconds=retry_pause(attempts)),
                status=Delivery.Status.FAILED if gave_up else Delivery.Status.PENDING)
    return False


def webhooks_run(*, rounds: int = 20) -> int:
    """What the worker does each minute: fan out, then deliver what is due. Returns deliveries tried."""
    while events_fan_out():
        pass
    tried = 0
    for _round in range(rounds):
        batch = deliveries_claim()
        if not batch:
            break
        for delivery in batch:
            delivery_attempt(delivery)
        tried += len(batch)
    return tried


def endpoint_send_test(*, endpoint: Endpoint) -> Delivery:
    """A test event for this endpoint alone (the studio's "send test"), tried once, now."""
    with transaction.atomic():
        event = Event.objects.create(kind=EventKind.TEST, organization_id=endpoint.organization_id,
                                     fanned_out_at=timezone.now())
        delivery = Delivery.objects.create(endpoint=endpoint, event=event, idempotency_key=str(uuid.uuid4()))
    delivery = Delivery.objects.select_related("endpoint", "event", "event__organization").get(pk=delivery.pk)
    delivery_attempt(delivery)
    delivery.refresh_from_db()
    return delivery


def webhooks_forget_old(*, now=None) -> int:
    """The log keeps KEEP_DAYS: older deliveries that are done, and events nobody waits for, go."""
    cutoff = (now or timezone.now()) - timedelta(days=KEEP_DAYS)
    deleted = Delivery.objects.filter(created_at__lt=cutoff).exclude(status=Delivery.Status.PENDING).delete()[0]
    Event.objects.filter(created_at__lt=cutoff, fanned_out_at__isnull=False).exclude(
        deliveries__status=Delivery.Status.PENDING).delete()
    return deleted


# --- Endpoints, from the studio (owners), audited -----------------------------------------


def endpoint_add(*, organization, actor, url: str, events: list[str]) -> tuple[Endpoint, str]:
    """The new endpoint and its signing secret (shown once)."""
    import secrets

    from awaz.studio.models import AuditEntry
    from awaz.studio.services import audit

    transport.address_check(url)
    secret = "whsec_" + secrets.token_urlsafe(32)
    endpoint = Endpoint.objects.create(organization=organization, url=url, events=sorted(set(events)), secret=secret,
                                       created_by=actor)
    audit(organization=organization, actor=actor, action=AuditEntry.Action.SETTINGS_CHANGED,
          detail=f"Webhook endpoint added: {url} ({', '.join(endpoint.events)})")
    return endpoint, secret


def endpoint_remove(*, endpoint: Endpoint, actor) -> bool:
    from awaz.studio.models import AuditEntry
    from awaz.studio.services import audit

    now = timezone.now()
    changed = Endpoint.objects.filter(pk=endpoint.pk, removed_at__isnull=True).update(removed_at=now)
    if changed:
        Delivery.objects.filter(endpoint=endpoint, status=Delivery.Status.PENDING).update(status=Delivery.Status.FAILED,
                                                                                           last_error="endpoint removed")
        audit(organization=endpoint.organization, actor=actor, action=AuditEntry.Action.SETTINGS_CHANGED,
              detail=f"Webhook endpoint removed: {endpoint.url}")
    return bool(changed)
