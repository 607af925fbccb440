"""What happens after the signatures: who a petition is addressed to, the thresholds that
trigger actions, the delivery, the targets' responses and the outcome.

State changes go through awaz.outcomes.services (each one checks, changes, writes an
`AuditEntry`, then notifies); the admin shows the state fields read-only. Nothing here holds a
signer's personal data: threshold emails carry counts and the petition's text only.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from awaz.core.crypto import EncryptedTextField
from awaz.core.translations import TranslationBase, choose_translation
from awaz.petitions.models import Organization, Petition


class Translatable(models.Model):
    """A row with `translations` and an `original_language`, read with a fallback."""

    original_language = models.CharField(_("original language"), max_length=10, default="en")

    class Meta:
        abstract = True

    def translated(self, language: str):
        """(translation, is_fallback) for a reader of `language`."""
        return choose_translation(self.translations.all(), language, self.original_language)

    def text(self, language: str):
        return self.translated(language)[0]


class CampaignTeam(models.Model):
    """How an organization is reached about its campaigns: who is alerted when a threshold is
    crossed, and the reply-to address that targets' answers go to."""

    organization = models.OneToOneField(
        Organization, on_delete=models.CASCADE, related_name="campaign_team", verbose_name=_("organization")
    )
    reply_to = models.EmailField(
        _("reply-to address"), blank=True, help_text=_("Targets who answer the threshold email write to this address.")
    )
    alert_emails = models.TextField(
        _("team addresses"),
        blank=True,
        help_text=_("One address per line: the staff who are alerted when a threshold is crossed. "
                    "Empty: the site's owners (superusers) are alerted."),
    )

    class Meta:
        verbose_name = _("campaign team")
        verbose_name_plural = _("campaign teams")

    def __str__(self):
        return str(self.organization)

    def alert_list(self) -> list[str]:
        return [line.strip() for line in self.alert_emails.splitlines() if line.strip()]


class SigningKey(models.Model):
    """The organization's Ed25519 key that signs its delivery packages' manifests. The private
    key is encrypted like signers' data; the public key is published in every manifest."""

    organization = models.OneToOneField(
        Organization, on_delete=models.CASCADE, related_name="signing_key", verbose_name=_("organization")
    )
    public_key = models.CharField(_("public key"), max_length=64, editable=False)
    private_key = EncryptedTextField(_("private key"), purpose="outcomes.signing_key", editable=False)
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("signing key")
        verbose_name_plural = _("signing keys")

    def __str__(self):
        return f"{self.organization} · {self.public_key[:12]}…"


class SignerNames(models.TextChoices):
    NONE = "none", _("no names: counts only")
    PUBLIC = "public", _("names and countries of the signers who chose to be shown")


class Campaign(models.Model):
    """A petition's road to its outcome: ready to deliver, and what the delivery package shows."""

    petition = models.OneToOneField(
        Petition, on_delete=models.CASCADE, related_name="campaign", verbose_name=_("petition")
    )
    ready_to_deliver_at = models.DateTimeField(_("ready to deliver since"), null=True, blank=True, editable=False)
    signer_names = models.CharField(
        _("signers in the delivery package"), max_length=10, choices=SignerNames.choices, default=SignerNames.NONE
    )
    # Set only through services.package_names_override by an owner, with a reason kept in the audit.
    all_signers_reason = models.TextField(_("reason to include every signer"), blank=True, editable=False)
    all_signers_by = models.CharField(_("decided by"), max_length=150, blank=True, editable=False)

    class Meta:
        verbose_name = _("campaign")
        verbose_name_plural = _("campaigns")
        constraints = [
            models.CheckConstraint(condition=Q(signer_names__in=SignerNames.values), name="campaign_signer_names_known"),
        ]

    def __str__(self):
        return str(self.petition)

    @property
    def includes_all_signers(self) -> bool:
        return bool(self.all_signers_reason)


class Target(Translatable):
    """A person or body the petition is addressed to."""

    petition = models.ForeignKey(Petition, on_delete=models.CASCADE, related_name="targets", verbose_name=_("petition"))
    email = models.EmailField(
        _("email for threshold messages"), blank=True, help_text=_("Never shown publicly. Empty: this target is not emailed.")
    )
    language = models.CharField(
        _("language of the emails"), max_length=10, blank=True, help_text=_("Empty: the petition's original language.")
    )
    public_contact = models.CharField(
        _("public contact"), max_length=300, blank=True, help_text=_("An address or a web page that the public may see.")
    )
    position = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("target")
        verbose_name_plural = _("targets")
        ordering = ["position", "pk"]

    def __str__(self):
        text = self.text(self.original_language)
        return text.name if text else f"#{self.pk}"


class TargetTranslation(TranslationBase):
    target = models.ForeignKey(Target, on_delete=models.CASCADE, related_name="translations")
    name = models.CharField(_("name"), max_length=200)
    role = models.CharField(_("role"), max_length=200, blank=True)
    organization = models.CharField(_("organization"), max_length=200, blank=True)

    TRANSLATED_FIELDS = ("name", "role", "organization")

    class Meta:
        verbose_name = _("translation")
        verbose_name_plural = _("translations")
        constraints = [models.UniqueConstraint(fields=["target", "language"], name="one_target_translation_per_language")]

    def __str__(self):
        return f"{self.name} [{self.language}]"


class Threshold(models.Model):
    """A count at which the campaign wants something done. Reached once, ever: `reached_at` is
    claimed by a conditional update (services.thresholds_check)."""

    petition = models.ForeignKey(Petition, on_delete=models.CASCADE, related_name="thresholds", verbose_name=_("petition"))
    count = models.PositiveIntegerField(_("signatures"))
    alert_team = models.BooleanField(_("alert the team"), default=True)
    email_targets = models.BooleanField(_("email the targets the count and the petition"), default=False)
    mark_ready = models.BooleanField(_("mark the petition ready to deliver"), default=False)
    reached_at = models.DateTimeField(_("reached"), null=True, blank=True, editable=False)
    reached_count = models.PositiveIntegerField(_("count when reached"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("threshold")
        verbose_name_plural = _("thresholds")
        ordering = ["petition", "count"]
        constraints = [
            models.UniqueConstraint(fields=["petition", "count"], name="one_threshold_per_count"),
            models.CheckConstraint(condition=Q(count__gt=0), name="threshold_count_positive"),
        ]
        indexes = [models.Index(fields=["petition"], condition=Q(reached_at__isnull=True), name="threshold_pending")]

    def __str__(self):
        return f"{self.petition} · {self.count}"


class Delivery(Translatable):
    """The petition handed over: when, where, to whom, with a photo (re-encoded, no metadata)."""

    petition = models.ForeignKey(Petition, on_delete=models.CASCADE, related_name="deliveries", verbose_name=_("petition"))
    delivered_on = models.DateField(_("date"))
    photo = models.ImageField(_("photo"), upload_to="outcomes/", blank=True)
    signature_count = models.PositiveIntegerField(_("signatures delivered"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("recorded"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")
        ordering = ["delivered_on", "pk"]

    def __str__(self):
        return f"{self.petition} · {self.delivered_on}"


class DeliveryTranslation(TranslationBase):
    delivery = models.ForeignKey(Delivery, on_delete=models.CASCADE, related_name="translations")
    place = models.CharField(_("place"), max_length=200)
    recipients = models.CharField(_("handed to"), max_length=300)
    photo_alt = models.CharField(_("photo description"), max_length=300, blank=True)
    note = models.TextField(_("note"), blank=True, max_length=2000)

    TRANSLATED_FIELDS = ("place", "recipients", "photo_alt", "note")

    class Meta:
        verbose_name = _("translation")
        verbose_name_plural = _("translations")
        constraints = [models.UniqueConstraint(fields=["delivery", "language"], name="one_delivery_translation_per_language")]

    def __str__(self):
        return f"{self.place} [{self.language}]"


class Response(Translatable):
    """A target's answer, entered by the campaign. Public once published; the signers who asked
    for updates are emailed once (`announced_at`, claimed by a conditional update)."""

    petition = models.ForeignKey(Petition, on_delete=models.CASCADE, related_name="responses", verbose_name=_("petition"))
    target = models.ForeignKey(
        Target, on_delete=models.SET_NULL, null=True, blank=True, related_name="responses", verbose_name=_("from")
    )
    responded_on = models.DateField(_("date of the answer"))
    source_url = models.URLField(_("source link"), blank=True)
    document = models.FileField(_("document"), upload_to="outcomes/responses/", blank=True)
    published_at = models.DateTimeField(_("published"), null=True, blank=True, editable=False)
    announced_at = models.DateTimeField(_("emailed to subscribers"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("response")
        verbose_name_plural = _("responses")
        ordering = ["responded_on", "pk"]

    def __str__(self):
        return f"{self.petition} · {self.responded_on}"


class ResponseTranslation(TranslationBase):
    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="translations")
    text = models.TextField(_("text of the answer"), help_text=_("Markdown."))

    TRANSLATED_FIELDS = ("text",)

    class Meta:
        verbose_name = _("translation")
        verbose_name_plural = _("translations")
        constraints = [models.UniqueConstraint(fields=["response", "language"], name="one_response_translation_per_language")]

    def __str__(self):
        return f"#{self.response_id} [{self.language}]"


class OutcomeKind(models.TextChoices):
    WON = "won", _("won")
    PARTLY_WON = "partly_won", _("partly won")
    LOST = "lost", _("lost")
    NO_ANSWER = "no_answer", _("closed without an answer")


class Outcome(Translatable):
    """How the campaign ended. One per petition; declared through services.outcome_declare."""

    Kind = OutcomeKind

    petition = models.OneToOneField(Petition, on_delete=models.CASCADE, related_name="outcome", verbose_name=_("petition"))
    kind = models.CharField(_("outcome"), max_length=12, choices=Kind.choices)
    close_signing = models.BooleanField(_("close signing"), default=True)
    declared_at = models.DateTimeField(_("declared"), null=True, blank=True, editable=False)
    announced_at = models.DateTimeField(_("emailed to subscribers"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("outcome")
        verbose_name_plural = _("outcomes")
        constraints = [models.CheckConstraint(condition=Q(kind__in=OutcomeKind.values), name="outcome_kind_known")]

    def __str__(self):
        return f"{self.petition} · {self.get_kind_display()}"

    @property
    def is_victory(self) -> bool:
        return self.kind in (OutcomeKind.WON, OutcomeKind.PARTLY_WON)


class OutcomeTranslation(TranslationBase):
    outcome = models.ForeignKey(Outcome, on_delete=models.CASCADE, related_name="translations")
    statement = models.TextField(_("statement"), help_text=_("Markdown: what happened, in a few sentences."))

    TRANSLATED_FIELDS = ("statement",)

    class Meta:
        verbose_name = _("translation")
        verbose_name_plural = _("translations")
        constraints = [models.UniqueConstraint(fields=["outcome", "language"], name="one_outcome_translation_per_language")]

    def __str__(self):
        return f"#{self.outcome_id} [{self.language}]"


class AuditAction(models.TextChoices):
    THRESHOLD_REACHED = "threshold", _("threshold reached")
    READY = "ready", _("marked ready to deliver")
    DELIVERED = "delivered", _("delivery recorded")
    RESPONSE = "response", _("response published")
    OUTCOME = "outcome", _("outcome declared")
    PACKAGE = "package", _("delivery package made")
    ALL_SIGNERS = "all_signers", _("every signer included in the package")


class AuditEntry(models.Model):
    """Written once by the services, never changed; no personal data of signers."""

    Action = AuditAction

    petition = models.ForeignKey(Petition, on_delete=models.CASCADE, related_name="outcome_audit", verbose_name=_("petition"))
    created_at = models.DateTimeField(_("when"), default=timezone.now, editable=False)
    operator = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("staff member")
    )
    operator_name = models.CharField(_("staff member's username"), max_length=150, blank=True)
    action = models.CharField(_("action"), max_length=12, choices=Action.choices)
    detail = models.TextField(_("detail"), blank=True)

    class Meta:
        verbose_name = _("outcome audit entry")
        verbose_name_plural = _("outcome audit entries")
        ordering = ["-created_at", "-pk"]
        constraints = [models.CheckConstraint(condition=Q(action__in=AuditAction.values), name="outcome_audit_action_known")]

    def __str__(self):
        return f"{self.get_action_display()} · {self.created_at:%Y-%m-%d %H:%M}"
