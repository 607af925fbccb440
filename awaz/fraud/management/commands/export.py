"""`awaz export PETITION_SLUG FILE`: a petition's confirmed signatures, as its privacy mode allows.

Standard: CSV. Sealed: the sealed file (`awaz unseal FILE KEYFILE` turns it into CSV offline).
Count-only: the count per country. Audited in the personal data log like the admin's download
(awaz.fraud.exports), under the name of the system user who ran it.
"""

import getpass
import os
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from awaz.petitions.models import Petition
from awaz.fraud.exports import petition_export_audited


class Command(BaseCommand):
    help = (
        "Export a petition's confirmed signatures: CSV, or for a sealed petition the sealed file that only the "
        "organization's private key opens (`awaz unseal`), or for a count-only petition its count by country."
    )

    def add_arguments(self, parser):
        parser.add_argument("petition", metavar="PETITION_SLUG")
        parser.add_argument("file", metavar="FILE")

    def handle(self, *args, petition, file, **options):
        found = Petition.objects.select_related("organization").filter(slug=petition).first()
        if found is None:
            raise CommandError(f"There is no petition {petition!r}.")
        lines, _, _ = petition_export_audited(petition=found, operator_name=f"awaz export ({getpass.getuser()})")
        path = Path(file)
        try:
            descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        except OSError as exc:
            raise CommandError(f"Cannot write {path}: {exc.strerror}.") from None
        with os.fdopen(descriptor, "w", encoding="utf-8", newline="") as out:
            for line in lines:
                out.write(line)
        kind = {"sealed": "sealed export (open it with `awaz unseal`)", "count-only": "count by country"}
        self.stdout.write(self.style.SUCCESS(f"{found.slug}: {kind.get(found.privacy_mode, 'CSV')} written to {path}."))
