from datetime import timedelta

from django.db import models
from django.db.models import Q
from django.db.models.query_utils import DeferredAttribute
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from awaz.core.crypto import EncryptedTextField
from awaz.petitions.models import Petition


# However often someone asks (signing again, "send it again"), one address gets at most this
# many emails per petition, and no two within the pause: neither can be turned into a way to
# flood a stranger's inbox. Held by the conditional updates that put an email in the outbox
# (awaz.signatures.inserts for signing again, services for the rest).
MAX_EMAILS_PER_SIGNATURE = 5
EMAIL_PAUSE = timedelta(minutes=10)


# Encrypted, and loaded only through awaz.signatures.personal_data.
PERSONAL_FIELDS = ("name", "email", "comment")


class PersonalDataNotLoaded(Exception):
    """A personal field was read from a signature loaded without it. Not an AttributeError, so
    that a template or a getattr() default cannot turn it into an empty value quietly."""


class SignatureQuerySet(models.QuerySet):
    def with_personal_data(self, *fields: str):
        """Load these personal fields (all of them by default) too. Called only by
        awaz.signatures.personal_data.load, which says why."""
        fields = fields or PERSONAL_FIELDS
        if not set(fields) <= set(PERSONAL_FIELDS):
            raise ValueError(f"not a personal field: {sorted(set(fields) - set(PERSONAL_FIELDS))}")
        names, deferring = self.query.deferred_loading
        if deferring:
            return self.defer(None).defer(*(set(names) - set(fields)))
        return self.only(*(set(names) | set(fields)))

    def confirmed(self):
        return self.filter(confirmed_at__isnull=False)

    def pending(self):
        return self.filter(confirmed_at__isnull=True)

    def held(self):
        return self.filter(held_at__isnull=False)


class SignatureManager(models.Manager.from_queryset(SignatureQuerySet)):
    """Signatures without their personal fields: nothing is decrypted unless asked for."""

    def get_queryset(self):
        return super().get_queryset().defer(*PERSONAL_FIELDS)


class Signature(models.Model):
    """One person's signature. Personal fields are encrypted; `email_index` finds duplicates.

    Nothing here is a network address: IP addresses are never stored. `network_hash` holds the
    fraud desk's tag of the sender's network, which 1,024 networks share, and `email_domain` a
    large provider's name or a small domain's "~" tag; both are erased after SOURCE_TAG_HOURS
    (see core.network).
    """

    # No index of its own: every index below starts with the petition, and each index is one more
    # write in the busiest insert of a viral petition.
    petition = models.ForeignKey(
        Petition, on_delete=models.CASCADE, related_name="signatures", verbose_name=_("petition"), db_index=False
    )
    email_index = models.CharField(_("email blind index"), max_length=64, editable=False)
    # Empty (NULL) in sealed and count-only petitions once the confirmation email has gone out:
    # then the details exist only in `sealed`, or nowhere (awaz.signatures.sealing).
    name = EncryptedTextField(_("name"), purpose="signature.name", null=True)
    email = EncryptedTextField(_("email"), purpose="signature.email", null=True)
    comment = EncryptedTextField(_("comment"), purpose="signature.comment", null=True, blank=True)
    email_domain = models.CharField(_("email domain"), max_length=255, blank=True, editable=False)
    network_hash = models.CharField(_("network"), max_length=32, blank=True, editable=False)
    country = models.CharField(_("country"), max_length=2)
    language = models.CharField(_("language"), max_length=10)
    show_publicly = models.BooleanField(_("name shown publicly"), default=False)
    # The signer's choice to show the comment with the name; shown once confirmed and, where the
    # petition moderates comments first, approved (awaz.signatures.comments).
    comment_shown = models.BooleanField(_("comment shown publicly"), default=False, db_default=False)
    comment_approved_at = models.DateTimeField(_("comment approved"), null=True, blank=True, editable=False)
    wants_updates = models.BooleanField(_("wants updates"), default=False)
    # The signer's explicit choice (off by default) to be contacted by the petition's
    # organization: only these signers reach its API, webhooks and CRM exports (awaz.api.org).
    organization_contact = models.BooleanField(_("agreed to be contacted by the organization"), default=False,
                                               db_default=False)
    is_demo = models.BooleanField(_("demo data"), default=False, editable=False)
    created_at = models.DateTimeField(_("signed"), default=timezone.now, editable=False)
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True, editable=False)
    # Only hashes of the single-use tokens are kept: the links exist in the email and nowhere else.
    # Unique where set (constraints below): a new row has none, and so costs these indexes nothing.
    confirm_token_hash = models.CharField(max_length=64, null=True, blank=True, editable=False)
    withdraw_token_hash = models.CharField(max_length=64, null=True, blank=True, editable=False)
    unsubscribe_token_hash = models.CharField(max_length=64, null=True, blank=True, editable=False)
    token_sent_at = models.DateTimeField(null=True, blank=True, editable=False)
    # Set when an email to the signer is due (the first confirmation, a resend, "you have already
    # signed"), cleared only once the mail server accepted it: the row is its own outbox entry
    # (awaz.signatures.outbox). While an email is on its way, `send_claim` holds the random value
    # its links and Message-ID derive from, committed before the SMTP transaction; nobody else
    # sends it before `send_claimed_until`.
    confirmation_due = models.BooleanField(default=False, editable=False)
    send_claim = models.CharField(max_length=32, null=True, blank=True, editable=False)
    send_claimed_until = models.DateTimeField(null=True, blank=True, editable=False)
    # Set, in its own commit, the moment the whole email has gone to the mail server and only
    # the final "." of DATA is left to send (awaz.core.smtp); cleared with the outcome. A claim
    # left behind with it set belongs to a worker that died with the email handed over: it is
    # recorded as delivered, never sent again (docs/email-delivery.md).
    send_handed_over = models.BooleanField(db_default=False, editable=False)
    # A database default: the raw insert of a new signature (awaz.signatures.inserts) omits it.
    send_failures = models.PositiveSmallIntegerField(db_default=0, editable=False)
    # The one reminder (awaz.signatures.reminders) is due: the outbox sends it as the reminder
    # email rather than the first confirmation. A database default, as for send_failures.
    reminder_due = models.BooleanField(db_default=False, editable=False)
    emails_sent = models.PositiveSmallIntegerField(default=0, editable=False)
    last_email_at = models.DateTimeField(null=True, blank=True, editable=False)
    # Name, email and comment sealed to the organization's public key (awaz.core.sealing): the
    # server cannot read them back. Set in sealed petitions once the confirmation email is sent.
    sealed = models.BinaryField(null=True, editable=False)
    # Signed through the onion service: its emails carry onion links (AWAZ_ONION_URL).
    via_onion = models.BooleanField(default=False, db_default=False, editable=False)
    # Held for review by a defence rule (awaz.defences): never counted while held, whether or not
    # its signer confirmed; a moderator releases it (then it counts) or removes it. The signer
    # sees and receives exactly what any signer does. `held_confirmed_at` and `held_receipt`
    # keep the signer's confirmation and the receipt its page showed, for the release.
    held_at = models.DateTimeField(_("held for review"), null=True, blank=True, editable=False)
    held_rule = models.ForeignKey(
        "defences.Rule", on_delete=models.SET_NULL, null=True, blank=True, editable=False, related_name="+",
        db_index=False, verbose_name=_("held by rule"),
    )
    held_confirmed_at = models.DateTimeField(null=True, blank=True, editable=False)
    held_receipt = models.CharField(max_length=32, null=True, blank=True, editable=False)

    objects = SignatureManager()

    class Meta:
        verbose_name = _("signature")
        verbose_name_plural = _("signatures")
        ordering = ["-created_at"]
        constraints = [
            # One person, one signature: enforced by the database, not by a check in Python.
            models.UniqueConstraint(fields=["petition", "email_index"], name="one_signature_per_email"),
            *(
                models.UniqueConstraint(fields=[field], condition=Q(**{f"{field}__isnull": False}), name=f"unique_{field}")
                for field in ("confirm_token_hash", "withdraw_token_hash", "unsubscribe_token_hash")
            ),
        ]
        indexes = [
            # Confirmed rows only: a new signature is not in it until it is confirmed.
            models.Index(
                fields=["petition", "confirmed_at"], condition=Q(confirmed_at__isnull=False), name="signature_confirmed"
            ),
            models.Index(
                fields=["petition", "-confirmed_at"], condition=Q(show_publicly=True), name="signature_public_recent"
            ),
            models.Index(fields=["petition", "created_at"], name="signature_created"),
            # The review queue: only held rows are in it.
            models.Index(fields=["petition", "held_at"], condition=Q(held_at__isnull=False), name="signature_held"),
            # Tiny: only rows whose email has not been taken on yet.
            models.Index(fields=["id"], condition=Q(confirmation_due=True), name="signature_confirmation_due"),
        ]

    def __str__(self):
        return f"#{self.pk}"

    @property
    def is_confirmed(self) -> bool:
        return self.confirmed_at is not None

    @property
    def signer_confirmed(self) -> bool:
        """Confirmed by its signer, counted or held: what the signer's pages and emails go by."""
        return self.confirmed_at is not None or self.held_confirmed_at is not None


class SignatureTally(models.Model):
    """Confirmed signatures counted per petition, country and shard.

    A confirmation adds one to a random shard of its country in the same transaction that marks
    the signature confirmed, so the sum is exact, and concurrent confirmations rarely wait on
    the same row (the hot counter row was the choke point of the UK petitions site). Page views
    read at most shards x countries rows, never the signatures themselves.
    """

    petition = models.ForeignKey(Petition, on_delete=models.CASCADE, related_name="tallies")
    country = models.CharField(max_length=2)
    shard = models.PositiveSmallIntegerField()
    # One shard may go below zero when a withdrawal lands on it; only the sum has meaning.
    count = models.IntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["petition", "country", "shard"], name="one_tally_per_shard")]


class UpdateRecipient(models.Model):
    """The one readable address of a sealed petition's signer who asked for updates.

    Kept apart from the signature so that the signer's name and comment stay sealed, and erased
    with it: on unsubscribe, withdrawal, erasure, and the petition's retention (cascade).
    """

    signature = models.OneToOneField(Signature, on_delete=models.CASCADE, related_name="update_recipient")
    email = EncryptedTextField(_("email"), purpose="update_recipient.email")

    class Meta:
        verbose_name = _("update recipient")
        verbose_name_plural = _("update recipients")

    def __str__(self):
        return f"#{self.pk}"


class PendingComment(Signature):
    """Signers' comments waiting for a moderator: the admin's moderation queue."""

    class Meta:
        proxy = True
        verbose_name = _("comment to moderate")
        verbose_name_plural = _("comments to moderate")


class ResendRequest(models.Model):
    """Someone asked for the confirmation email again ("send it again") with this address.

    Every request writes one row, whether or not the address signed, and the worker looks it up
    (awaz.signatures.services.resend_requests_handle): so the answer and the time it takes are
    the same either way (issue #10 item 4). The address is encrypted, and the row is deleted as
    soon as it has been handled.
    """

    petition = models.ForeignKey(Petition, on_delete=models.CASCADE, related_name="+", verbose_name=_("petition"))
    email = EncryptedTextField(_("email"), purpose="resend_request.email")
    language = models.CharField(_("language"), max_length=10)
    created_at = models.DateTimeField(_("asked"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("resend request")
        verbose_name_plural = _("resend requests")

    def __str__(self):
        return f"#{self.pk}"


class _PersonalField(DeferredAttribute):
    """Reading a personal field that was not loaded raises instead of loading (and decrypting)
    it behind the reader's back: personal data is read through awaz.signatures.personal_data."""

    def __get__(self, instance, cls=None):
        if instance is None:
            return self
        try:
            return instance.__dict__[self.field.attname]
        except KeyError:
            raise PersonalDataNotLoaded(
                f"Signature.{self.field.attname} was not loaded: read personal data through "
                "awaz.signatures.personal_data.load(queryset, purpose)"
            ) from None


for _field_name in PERSONAL_FIELDS:
    setattr(Signature, _field_name, _PersonalField(Signature._meta.get_field(_field_name)))
