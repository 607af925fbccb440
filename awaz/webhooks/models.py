"""Endpoints, the events waiting for them (the outbox), and the delivery log.

No personal data is stored here: an event names the signature it is about by id, and its
payload is built only when it is sent (awaz.api.org.payloads), from what the signature holds
then (a signer who withdrew meanwhile is not in it). The delivery log keeps status codes,
times and the idempotency key, never a body.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from awaz.core.crypto import EncryptedTextField


class EventKind(models.TextChoices):
    SIGNATURE_CONFIRMED = "signature.confirmed", _("signature confirmed")
    SIGNATURE_WITHDRAWN = "signature.withdrawn", _("signature withdrawn")
    THRESHOLD_REACHED = "petition.threshold_reached", _("threshold reached")
    PETITION_CLOSED = "petition.closed", _("petition closed")
    DEFENCE_ALERT = "defence.alert", _("defence alert")
    TEST = "test", _("test")


class Endpoint(models.Model):
    """An HTTPS address of the organization's that hears about the events it chose."""

    organization = models.ForeignKey(
        "petitions.Organization", on_delete=models.CASCADE, related_name="webhook_endpoints",
        verbose_name=_("organization"),
    )
    url = models.URLField(_("address"), max_length=500)
    # The event kinds it hears about (EventKind values, TEST excepted: a test goes to one endpoint).
    events = models.JSONField(_("events"), default=list)
    # The key deliveries are signed with. Readable by the server (it signs), encrypted at rest;
    # shown to the owner once, when the endpoint is added.
    secret = EncryptedTextField(_("signing secret"), purpose="webhook.secret")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("added by"),
    )
    created_at = models.DateTimeField(_("added"), default=timezone.now, editable=False)
    removed_at = models.DateTimeField(_("removed"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("webhook endpoint")
        verbose_name_plural = _("webhook endpoints")
        ordering = ["created_at", "pk"]

    def __str__(self):
        return self.url


class Event(models.Model):
    """Something that happened, written in the transaction that made it happen."""

    organization = models.ForeignKey("petitions.Organization", on_delete=models.CASCADE, related_name="+")
    petition = models.ForeignKey("petitions.Petition", on_delete=models.CASCADE, null=True, related_name="+")
    kind = models.CharField(max_length=40, choices=EventKind.choices)
    # No foreign key: the signature may be erased before the event is sent, the event stays.
    signature_id = models.BigIntegerField(null=True)
    # The signer agreed to be contacted by the organization: only then does a payload name them.
    contact = models.BooleanField(default=False)
    # A threshold's count, say.
    number = models.PositiveIntegerField(null=True)
    # A defence alert's id (awaz.defences; a number, not a key: this app sits below that one).
    alert_id = models.BigIntegerField(null=True)
    created_at = models.DateTimeField(default=timezone.now)
    # Set by the worker once a delivery was made for each endpoint that hears about it.
    fanned_out_at = models.DateTimeField(null=True)

    class Meta:
        indexes = [models.Index(fields=["id"], condition=Q(fanned_out_at__isnull=True), name="webhook_event_new")]

    def __str__(self):
        return f"{self.kind} #{self.pk}"


class Delivery(models.Model):
    """One event for one endpoint: its idempotency key, and how its attempts went."""

    class Status(models.TextChoices):
        PENDING = "pending", _("waiting")
        DELIVERED = "delivered", _("delivered")
        FAILED = "failed", _("given up")

    endpoint = models.ForeignKey(Endpoint, on_delete=models.CASCADE, related_name="deliveries")
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="deliveries")
    # The same on every attempt: receivers drop a delivery whose key they have seen.
    idempotency_key = models.CharField(max_length=36, unique=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(default=timezone.now)
    # A worker holds it until then (a worker that died lets it go).
    claimed_until = models.DateTimeField(null=True)
    last_status = models.PositiveSmallIntegerField(_("last answer"), null=True)
    # What went wrong, without any of the body: "timeout", "connection refused", "HTTP 500".
    last_error = models.CharField(_("last error"), max_length=100, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    delivered_at = models.DateTimeField(_("delivered"), null=True)

    class Meta:
        verbose_name = _("webhook delivery")
        verbose_name_plural = _("webhook deliveries")
        ordering = ["-created_at", "-pk"]
        constraints = [models.UniqueConstraint(fields=["endpoint", "event"], name="one_delivery_per_endpoint_event")]
        indexes = [
            models.Index(fields=["next_attempt_at"], condition=Q(status="pending"), name="webhook_delivery_due"),
            models.Index(fields=["endpoint", "-created_at"], name="webhook_delivery_log"),
        ]

    def __str__(self):
        return self.idempotency_key
