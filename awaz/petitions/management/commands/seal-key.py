"""`awaz seal-key ORG_SLUG PUBLIC_KEY`: give an organization the public key of its sealing keypair."""

import sys

from django.core.management.base import BaseCommand, CommandError

from awaz.core.sealing import NotAPublicKey
from awaz.petitions.models import Organization
from awaz.petitions.services import organization_set_sealing_key


class Command(BaseCommand):
    help = (
        "Set an organization's sealing public key (printed by `awaz seal-keygen`). Its sealed petitions seal "
        "signers' details to it; only the private key, kept off the server, reads them."
    )

    def add_arguments(self, parser):
        parser.add_argument("organization", metavar="ORG_SLUG")
        parser.add_argument("public_key", metavar="PUBLIC_KEY", help="The public key, or - to read it from standard input.")

    def handle(self, *args, organization, public_key, **options):
        found = Organization.objects.filter(slug=organization).first()
        if found is None:
            raise CommandError(f"There is no organization {organization!r}.")
        if public_key == "-":
            public_key = sys.stdin.read()
        previous = found.sealing_public_key
        try:
            key = organization_set_sealing_key(organization=found, public_key=public_key)
        except NotAPublicKey as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(self.style.SUCCESS(f"{found.slug}: sealing key {key.fingerprint} set."))
        if previous and previous != key.text:
            self.stdout.write(
                "It replaces the previous key: signatures sealed before stay sealed to that one, so keep its "
                "private key to unseal them."
            )
