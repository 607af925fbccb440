"""The operators' switches (per petition and site-wide), their audit trail, and the tally
repairs that reconciliation made.

Rows change only through awaz.operations.services; every process reads the switches through
awaz.core.switches (cached there for a few seconds).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from awaz.core.switches import PAUSE_REASONS
from awaz.petitions.models import Petition

PAUSE_REASON_CHOICES = [(key, text) for key, text in PAUSE_REASONS.items()]


class PetitionSwitch(models.Model):
    petition = models.OneToOneField(
        Petition, on_delete=models.CASCADE, primary_key=True, related_name="switch", verbose_name=_("petition")
    )
    paused = models.BooleanField(_("signing paused"), default=False)
    pause_reason = models.CharField(_("why signing is paused"), max_length=20, blank=True, choices=PAUSE_REASON_CHOICES)
    resume_at = models.DateTimeField(_("come back after"), null=True, blank=True)
    hide_countries = models.BooleanField(_("country counts hidden"), default=False)
    hide_recent = models.BooleanField(_("recent signers hidden"), default=False)
    updated_at = models.DateTimeField(_("changed"), default=timezone.now)

    class Meta:
        verbose_name = _("petition switches")
        verbose_name_plural = _("petition switches")
        constraints = [
            models.CheckConstraint(condition=Q(paused=False) | ~Q(pause_reason=""), name="petition_pause_has_reason"),
        ]

    def __str__(self):
        return str(self.petition)


class SiteSwitch(models.Model):
    """One row (id 1): what holds for the whole site."""

    paused = models.BooleanField(_("signing paused on every petition"), default=False)
    pause_reason = models.CharField(_("why signing is paused"), max_length=20, blank=True, choices=PAUSE_REASON_CHOICES)
    resume_at = models.DateTimeField(_("come back after"), null=True, blank=True)
    banner = models.TextField(
        _("incident banner"), blank=True, max_length=500,
        help_text=_("Shown at the top of every public page while it is not empty. Plain text."),
    )
    banner_language = models.CharField(_("language of the banner"), max_length=10, blank=True, choices=settings.LANGUAGES)
    updated_at = models.DateTimeField(_("changed"), default=timezone.now)

    class Meta:
        verbose_name = _("site-wide switches")
        verbose_name_plural = _("site-wide switches")
        constraints = [
            models.CheckConstraint(condition=Q(pk=1), name="one_site_switch_row"),
            models.CheckConstraint(condition=Q(paused=False) | ~Q(pause_reason=""), name="site_pause_has_reason"),
        ]

    def __str__(self):
        return str(_("site-wide switches"))


class SwitchChange(models.Model):
    """One switch turned (audit): who, when, where from, which switch, to what."""

    class Switch(models.TextChoices):
        PAUSE = "pause", _("pause signing")
        HIDE_COUNTRIES = "hide_countries", _("hide country counts")
        HIDE_RECENT = "hide_recent", _("hide recent signers")
        BANNER = "banner", _("incident banner")

    created_at = models.DateTimeField(_("when"), default=timezone.now, editable=False)
    # Empty for a site-wide switch.
    petition = models.ForeignKey(
        Petition, on_delete=models.CASCADE, null=True, blank=True, related_name="+", verbose_name=_("petition")
    )
    operator = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("who")
    )
    operator_name = models.CharField(_("who"), max_length=150)
    switch = models.CharField(_("switch"), max_length=20, choices=Switch.choices)
    value = models.CharField(_("set to"), max_length=600)
    via = models.CharField(_("where"), max_length=10)

    class Meta:
        verbose_name = _("switch change")
        verbose_name_plural = _("switch changes")
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.operator_name} {self.switch}"


class TallyRepair(models.Model):
    """A petition's stored count of one country that disagreed with its confirmed signatures,
    and was set right by reconciliation (awaz.operations.reconcile)."""

    created_at = models.DateTimeField(_("when"), default=timezone.now, editable=False)
    petition = models.ForeignKey(Petition, on_delete=models.CASCADE, related_name="+", verbose_name=_("petition"))
    country = models.CharField(_("country"), max_length=2)
    stored = models.IntegerField(_("stored count"))
    counted = models.IntegerField(_("confirmed signatures"))
    # Set once the operators were emailed about it: each repair is reported once.
    alerted_at = models.DateTimeField(_("operators alerted"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("tally repair")
        verbose_name_plural = _("tally repairs")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["id"], condition=Q(alerted_at__isnull=True), name="tally_repair_unalerted")]

    def __str__(self):
        return f"{self.petition_id} {self.country}: {self.stored} → {self.counted}"

    @property
    def delta(self) -> int:
        return self.counted - self.stored
