from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FraudConfig(AppConfig):
    name = "awaz.fraud"
    verbose_name = _("fraud desk and signer protection")
