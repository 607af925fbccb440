from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FraudConfig(AppConfig):
    name = "awaz.fraud"
    verbose_name = _("fraud desk and signer protection")

    def ready(self):
        from awaz.fraud.services import held_signature_withdraw
        from awaz.signatures.signals import held_withdrawal

        # A signer may still withdraw a signature held in a removal's undo window.
        held_withdrawal.connect(
            lambda sender, token_hash, withdraw, **kwargs: held_signature_withdraw(token_hash=token_hash, withdraw=withdraw),
            weak=False, dispatch_uid="awaz.fraud.held_withdrawal",
        )
