"""`awaz log_key`: print the logs' verifier keys, or a new secret for a key rotation."""

import secrets

from django.core.management.base import BaseCommand

from awaz.petitions.models import Petition
from awaz.transparency.notes import log_verifier_keys
from awaz.transparency.tiles import log_state


class Command(BaseCommand):
    help = "Print each petition log's verifier keys (the published one first), or --new: a fresh secret to rotate to."

    def add_arguments(self, parser):
        parser.add_argument("--new", action="store_true", help="print a new random secret for AWAZ_LOG_KEYS")

    def handle(self, *args, new=False, **options):
        if new:
            self.stdout.write(secrets.token_urlsafe(32))
            return
        for petition in Petition.objects.public().only("pk", "slug").order_by("slug"):
            state = log_state(petition)
            self.stdout.write(f"{petition.slug}: " + "  ".join(log_verifier_keys(state.origin)))
