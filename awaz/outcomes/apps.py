from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OutcomesConfig(AppConfig):
    name = "awaz.outcomes"
    label = "outcomes"
    verbose_name = _("Outcomes: targets, delivery and responses")

    def ready(self):
        from awaz.outcomes.services import signature_counted
        from awaz.signatures.signals import signature_counted as counted

        # Thresholds are checked after each confirmation; signatures does not know outcomes.
        counted.connect(lambda sender, petition_id, **kwargs: signature_counted(petition_id), weak=False,
                        dispatch_uid="awaz.outcomes.thresholds")
