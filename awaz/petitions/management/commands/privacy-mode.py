"""`awaz privacy-mode PETITION_SLUG standard|sealed|count-only`: choose it before anyone signs."""

from django.core.management.base import BaseCommand, CommandError

from awaz.petitions.models import Petition
from awaz.petitions.services import PrivacyChangeRefused, petition_set_privacy_mode


class Command(BaseCommand):
    help = (
        "Set what the server keeps of a petition's signers once their confirmation email is sent: standard "
        "(everything, encrypted under the server's keys), sealed (sealed to the organization's public key), "
        "count-only (the count by country). Refused once the petition has signatures."
    )

    def add_arguments(self, parser):
        parser.add_argument("petition", metavar="PETITION_SLUG")
        parser.add_argument("mode", choices=Petition.PrivacyMode.values)

    def handle(self, *args, petition, mode, **options):
        found = Petition.objects.filter(slug=petition).first()
        if found is None:
            raise CommandError(f"There is no petition {petition!r}.")
        try:
            petition_set_privacy_mode(petition=found, mode=mode)
        except PrivacyChangeRefused as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(self.style.SUCCESS(f"{found.slug}: privacy mode {mode}."))
