from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from awaz.core.crypto import EncryptedTextField


class TOTPDevice(models.Model):
    """A staff member's authenticator app: the shared secret and the last code step used.

    The secret is encrypted like signers' data, so a stolen database or backup does not let
    anyone produce codes. A device without `confirmed_at` is an enrollment in progress: its
    owner has seen the secret but not yet proved, with a code, that the app has it.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="totp_device", verbose_name=_("user")
    )
    secret = EncryptedTextField(_("secret"), purpose="accounts.totp_secret", editable=False)
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True, editable=False)
    # The time step of the last accepted code: a code is accepted only for a later step, so
    # each code works once.
    last_used_step = models.BigIntegerField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("authenticator app")
        verbose_name_plural = _("authenticator apps")
        constraints = [
            models.CheckConstraint(
                condition=Q(confirmed_at__isnull=True) | Q(last_used_step__isnull=False),
                name="confirmed_device_has_used_a_code",
            )
        ]

    def __str__(self):
        return f"#{self.pk}"

    @property
    def is_confirmed(self) -> bool:
        return self.confirmed_at is not None
