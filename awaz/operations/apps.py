from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OperationsConfig(AppConfig):
    name = "awaz.operations"
    verbose_name = _("operations: switches and reconciliation")

    def ready(self):
        from awaz.core import switches
        from awaz.operations.reads import petition_switches_read, site_switches_read

        switches.register_loaders(petition=petition_switches_read, site=site_switches_read)
