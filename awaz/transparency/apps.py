from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TransparencyConfig(AppConfig):
    name = "awaz.transparency"
    verbose_name = _("transparency logs")

    def ready(self):
        from awaz.transparency import checks  # noqa: F401 (registers the checks)
