"""Audit trails of what staff did to signatures: bulk invalidations and personal-data requests.

Rows here are written once by the services and never changed; the admin shows them read-only.
They hold no personal data of signers: criteria are an email domain, a network hash (whose key
is thrown away after two days) and a time window; personal-data requests store only counts.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from awaz.petitions.models import Petition


class InvalidationReason(models.TextChoices):
    FLOOD = "flood", _("automated flood")
    DISPOSABLE = "disposable", _("disposable addresses")
    DUPLICATES = "duplicates", _("duplicate identities")
    OTHER = "other", _("other")


class DataRequestAction(models.TextChoices):
    FIND = "find", _("looked up")
    EXPORT = "export", _("exported")
    ERASE = "erase", _("erased")


class Invalidation(models.Model):
    """Signatures removed in bulk as fraudulent, with who did it, why, and how many."""

    Reason = InvalidationReason

    petition = models.ForeignKey(Petition, on_delete=models.CASCADE, related_name="invalidations", verbose_name=_("petition"))
    created_at = models.DateTimeField(_("when"), default=timezone.now, editable=False)
    # The account may be deleted one day; the name it had stays in the record.
    operator = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("staff member")
    )
    operator_name = models.CharField(_("staff member's username"), max_length=150)
    signed_from = models.DateTimeField(_("signed from"), null=True, blank=True)
    signed_to = models.DateTimeField(_("signed before"), null=True, blank=True)
    email_domain = models.CharField(_("email domain"), max_length=255, blank=True)
    network_hash = models.CharField(_("network"), max_length=32, blank=True)
    reason = models.CharField(_("reason"), max_length=20, choices=Reason.choices)
    note = models.TextField(_("note"), blank=True, max_length=2000)
    confirmed_removed = models.PositiveIntegerField(_("confirmed signatures removed"))
    unconfirmed_removed = models.PositiveIntegerField(_("unconfirmed signatures removed"))
    # Reversible until `purge_after` (AWAZ_UNDO_DAYS): the removed rows wait in HeldSignature,
    # then awaz.fraud.tasks deletes them for good and sets `purged_at`. Empty for removals made
    # before removals could be undone (deleted at once).
    purge_after = models.DateTimeField(_("can be undone until"), null=True, blank=True, editable=False)
    purged_at = models.DateTimeField(_("deleted for good"), null=True, blank=True, editable=False)
    undone_at = models.DateTimeField(_("undone"), null=True, blank=True, editable=False)
    undone_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("undone by"),
    )
    undone_by_name = models.CharField(_("undone by"), max_length=150, blank=True)
    confirmed_restored = models.PositiveIntegerField(_("confirmed signatures restored"), default=0)

    class Meta:
        verbose_name = _("invalidation")
        verbose_name_plural = _("invalidations")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["petition", "reason"], name="invalidation_reason")]
        constraints = [
            # Without a criterion an invalidation would remove every signature of a petition.
            models.CheckConstraint(
                condition=Q(signed_from__isnull=False) | Q(signed_to__isnull=False) | ~Q(email_domain="") | ~Q(network_hash=""),
                name="invalidation_has_criteria",
            ),
            models.CheckConstraint(condition=Q(reason__in=InvalidationReason.values), name="invalidation_reason_known"),
            models.CheckConstraint(condition=~Q(reason="other") | ~Q(note=""), name="invalidation_other_explained"),
        ]

    def __str__(self):
        return f"{self.petition_id} · {self.get_reason_display()} · {self.created_at:%Y-%m-%d %H:%M}"

    @property
    def total_removed(self) -> int:
        return self.confirmed_removed + self.unconfirmed_removed

    def can_be_undone(self, now=None) -> bool:
        now = now or timezone.now()
        return self.undone_at is None and self.purged_at is None and self.purge_after is not None and self.purge_after > now


class HeldSignature(models.Model):
    """A signature an invalidation removed, kept as it was stored so the removal can be undone.

    Not counted, not shown, not emailed: it is out of the signatures table. The name, address
    and comment are the ciphertexts they were (awaz.signatures.services.signatures_hold_as_fraud);
    the row is deleted when its invalidation is undone (the signature goes back) or when the
    undo window ends (it is gone for good).
    """

    invalidation = models.ForeignKey(Invalidation, on_delete=models.CASCADE, related_name="held")
    signature_id = models.BigIntegerField()
    row = models.JSONField()

    class Meta:
        verbose_name = _("held signature")
        verbose_name_plural = _("held signatures")

    def __str__(self):
        return f"#{self.signature_id}"


class DataRequest(models.Model):
    """An operator looked up, exported or erased one person's data. The email address that was
    asked about is deliberately not recorded: the log must not become a list of signers."""

    Action = DataRequestAction

    created_at = models.DateTimeField(_("when"), default=timezone.now, editable=False)
    operator = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("staff member")
    )
    operator_name = models.CharField(_("staff member's username"), max_length=150)
    action = models.CharField(_("action"), max_length=10, choices=Action.choices)
    signatures = models.PositiveIntegerField(_("signatures concerned"))

    class Meta:
        verbose_name = _("personal data request")
        verbose_name_plural = _("personal data requests")
        ordering = ["-created_at"]
        constraints = [models.CheckConstraint(condition=Q(action__in=DataRequestAction.values), name="data_request_action_known")]

    def __str__(self):
        return f"{self.get_action_display()} · {self.created_at:%Y-%m-%d %H:%M}"
