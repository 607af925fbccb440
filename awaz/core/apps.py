from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "awaz.core"
    verbose_name = _("Awaz")

    def ready(self):
        # Awaz's own system checks (keys, admin URL, debug mode) run with `awaz check`.
        from awaz.core import checks  # noqa: F401
