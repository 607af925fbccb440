from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DefencesConfig(AppConfig):
    name = "awaz.defences"
    verbose_name = _("defences against floods")
