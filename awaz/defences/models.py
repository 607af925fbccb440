"""Defences that moderators change while an attack runs: rules, the alerts they raised, and
the audit of every change and every decision on a held signature.

Rules hold no personal data of signers: a network is a CIDR block or the fraud desk's tag, a
domain a glob, and an address only its blind index (awaz.core.crypto), never the address.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from awaz.petitions.models import Organization, Petition


class RuleKind(models.TextChoices):
    NETWORK = "network", _("network (CIDR block)")
    NETWORK_TAG = "network_tag", _("network (fraud desk code)")
    DOMAIN = "domain", _("email domain")
    ADDRESS = "address", _("email address")
    COUNTRY = "country", _("country")
    NETWORK_RATE = "network_rate", _("rate per network")
    DOMAIN_RATE = "domain_rate", _("rate per email domain")
    PETITION_RATE = "petition_rate", _("rate per petition")


# Kinds that match one value (a list entry) and kinds that count (a limit per window).
LIST_KINDS = frozenset({RuleKind.NETWORK, RuleKind.NETWORK_TAG, RuleKind.DOMAIN, RuleKind.ADDRESS})
COUNTED_KINDS = frozenset({RuleKind.COUNTRY, RuleKind.NETWORK_RATE, RuleKind.DOMAIN_RATE, RuleKind.PETITION_RATE})


class RuleEffect(models.TextChoices):
    ALLOW = "allow", _("allow (skip the other rules)")
    QUARANTINE = "quarantine", _("hold for review, silently")
    REFUSE = "refuse", _("refuse")
    ALERT = "alert", _("alert only")
    QUIET = "quiet", _("no alerts")


class Rule(models.Model):
    """One defence. Site-wide when it has no organization (staff only), for every petition of an
    organization when it has no petition. Rules are switched off, never deleted, so the audit
    keeps meaning something."""

    Kind = RuleKind
    Effect = RuleEffect

    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, null=True, blank=True, related_name="+", verbose_name=_("organization")
    )
    petition = models.ForeignKey(
        Petition, on_delete=models.CASCADE, null=True, blank=True, related_name="+", verbose_name=_("petition")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    # A CIDR block, a desk code, a domain glob or a country code; empty for rates and addresses.
    value = models.CharField(_("value"), max_length=255, blank=True)
    # An address rule keeps the address's blind index only.
    address_index = models.CharField(_("address index"), max_length=64, blank=True, editable=False)
    effect = models.CharField(_("effect"), max_length=12, choices=Effect.choices)
    limit = models.PositiveIntegerField(_("limit"), null=True, blank=True)
    window_seconds = models.PositiveIntegerField(_("per (seconds)"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)
    active = models.BooleanField(_("active"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("who")
    )
    created_at = models.DateTimeField(_("added"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("defence rule")
        verbose_name_plural = _("defence rules")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=RuleKind.values), name="defence_rule_kind_known"),
            models.CheckConstraint(condition=Q(effect__in=RuleEffect.values), name="defence_rule_effect_known"),
            # A counted rule needs its limit and window; a list entry needs none.
            models.CheckConstraint(
                condition=~Q(kind__in=sorted(k.value for k in COUNTED_KINDS))
                | (Q(limit__isnull=False) & Q(window_seconds__gt=0)),
                name="defence_rule_counted_has_limit",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.value} → {self.get_effect_display()}"


class RulesVersion(models.Model):
    """One row: its number goes up with every change, and each app-server process polls it to
    know when to read the rules again (awaz.defences.rules)."""

    number = models.PositiveBigIntegerField(default=0)

    class Meta:
        verbose_name = _("rules version")
        verbose_name_plural = _("rules versions")

    def __str__(self):
        return str(self.number)


class AlertKind(models.TextChoices):
    NETWORK = "network", _("network")
    DOMAIN = "domain", _("email domain")
    PETITION = "petition", _("petition")


class Alert(models.Model):
    """A rate that crossed its threshold, once per subject and window: the unique constraint is
    what makes an alert fire once, whichever process saw the crossing first. `subject` is what
    the fraud desk shows (a network's code, a domain's label), never an address."""

    Kind = AlertKind

    petition = models.ForeignKey(Petition, on_delete=models.CASCADE, related_name="+", verbose_name=_("petition"))
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    subject = models.CharField(_("subject"), max_length=255, blank=True)
    window_start = models.DateTimeField(_("window from"))
    window_seconds = models.PositiveIntegerField(_("window (seconds)"))
    count = models.PositiveIntegerField(_("signatures in the window"))
    threshold = models.PositiveIntegerField(_("threshold"))
    created_at = models.DateTimeField(_("raised"), default=timezone.now, editable=False)
    # Claimed by the worker that emails it (a conditional update), so it is emailed once.
    sent_at = models.DateTimeField(_("emailed"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("alert")
        verbose_name_plural = _("alerts")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["petition", "kind", "subject", "window_start"], name="one_alert_per_window"),
            models.CheckConstraint(condition=Q(kind__in=AlertKind.values), name="alert_kind_known"),
        ]
        indexes = [models.Index(fields=["id"], condition=Q(sent_at__isnull=True), name="alert_unsent")]

    def __str__(self):
        return f"{self.petition_id} · {self.get_kind_display()} {self.subject} · {self.count}"


class AlertLanguageQuerySet(models.QuerySet):
    def recipients(self, addresses: list[str], users) -> list[tuple[str, str]]:
        """(address, language) for each address: the language the account among `users` with that
        address chose for alerts, else the site's (a team's own list may hold anyone's address)."""
        chosen = dict(self.filter(user__in=users, user__email__in=addresses).values_list("user__email", "language"))
        return [(address, chosen.get(address, settings.LANGUAGE_CODE)) for address in addresses]


class AlertLanguage(models.Model):
    """The language a moderator reads alert emails in (chosen on the Defences page); the team's
    threshold alerts and the operators' reconciliation email use it too."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    language = models.CharField(_("language"), max_length=10)

    objects = AlertLanguageQuerySet.as_manager()

    class Meta:
        verbose_name = _("alert language")
        verbose_name_plural = _("alert languages")

    def __str__(self):
        return self.language


class DecisionAction(models.TextChoices):
    RULE_ADDED = "rule_added", _("added a rule")
    RULE_SWITCHED_OFF = "rule_off", _("switched a rule off")
    RELEASED = "released", _("released held signatures")
    REMOVED = "removed", _("removed held signatures")


class HeldRemovalReason(models.TextChoices):
    # The same public reasons as the fraud desk's removals (awaz.fraud.models.InvalidationReason).
    FLOOD = "flood", _("automated flood")
    DISPOSABLE = "disposable", _("disposable addresses")
    DUPLICATES = "duplicates", _("duplicate identities")
    OTHER = "other", _("other")


class Decision(models.Model):
    """The audit of the defences: who changed which rule, who released or removed how many held
    signatures, and why. Written by the services only; never changed."""

    Action = DecisionAction
    Reason = HeldRemovalReason

    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, null=True, blank=True, related_name="+", verbose_name=_("organization")
    )
    petition = models.ForeignKey(
        Petition, on_delete=models.CASCADE, null=True, blank=True, related_name="+", verbose_name=_("petition")
    )
    rule = models.ForeignKey(Rule, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("rule"))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("who")
    )
    actor_name = models.CharField(_("who"), max_length=150)
    action = models.CharField(_("what"), max_length=12, choices=Action.choices)
    reason = models.CharField(_("reason"), max_length=12, choices=Reason.choices, blank=True)
    rows = models.PositiveIntegerField(_("signatures"), default=0)
    detail = models.CharField(_("detail"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("when"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("defence decision")
        verbose_name_plural = _("defence decisions")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["petition", "action"], name="decision_by_petition")]
        constraints = [models.CheckConstraint(condition=Q(action__in=DecisionAction.values), name="decision_action_known")]

    def __str__(self):
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.actor_name} {self.action}"
