"""API tokens: created by an organization's owners in the studio, only a hash kept."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Scope(models.TextChoices):
    READ_PETITIONS = "read-petitions", _("read the organization's petitions")
    READ_SIGNATURES = "read-signatures", _("read the signatures of signers who agreed to be contacted")
    WRITE_SIGNATURES = "write-signatures", _("record signatures (each signer confirms by email)")


class ApiToken(models.Model):
    """`awz_<prefix>_<secret>`: the prefix finds the row, the secret's SHA-256 proves it.

    The secret is 32 random bytes, so a plain hash is as strong as a slow one here (nothing to
    guess); the secret itself was shown once, on creation, and exists only with its holder.
    """

    organization = models.ForeignKey(
        "petitions.Organization", on_delete=models.CASCADE, related_name="api_tokens", verbose_name=_("organization")
    )
    name = models.CharField(_("name"), max_length=100, help_text=_("What uses it, for example \"our CRM\"."))
    prefix = models.CharField(max_length=16, unique=True, editable=False)
    secret_hash = models.CharField(max_length=64, editable=False)
    scopes = models.JSONField(_("scopes"), default=list)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)
    expires_at = models.DateTimeField(_("expires"))
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True, editable=False)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(expires_at__gt=models.F("created_at")), name="api_token_expires_later"),
        ]

    def __str__(self):
        return f"{self.name} ({self.prefix})"

    def is_usable(self, now=None) -> bool:
        return self.revoked_at is None and self.expires_at > (now or timezone.now())
