"""`awaz unseal FILE KEYFILE`: a sealed petition export into CSV, offline.

Needs the organization's private key file and its passphrase, and nothing else: no database, no
server, no network. Fails before writing anything if the key is not the one the export was
sealed to, or if the file was damaged or altered.
"""

import os
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from awaz.core.management.commands._passphrase import add_passphrase_argument, read_passphrase
from awaz.core.sealed_export import unseal_csv, verify
from awaz.core.sealing import SealingError, load_private_key_file


class Command(BaseCommand):
    help = "Turn a sealed export (from `awaz export` or the admin) into CSV with the organization's private key."
    requires_system_checks = []
    requires_migrations_checks = False

    def add_arguments(self, parser):
        parser.add_argument("file", help="The sealed export (.jsonl).")
        parser.add_argument("keyfile", help="The private key file made by `awaz seal-keygen`.")
        parser.add_argument("-o", "--output", help="Write the CSV here (default: standard output).")
        add_passphrase_argument(parser)

    def handle(self, *args, file, keyfile, output, passphrase_file, **options):
        try:
            key_data = Path(keyfile).read_bytes()
            with open(file, "rb") as lines:
                count = verify(lines)
        except OSError as exc:
            raise CommandError(f"Cannot read {exc.filename}: {exc.strerror}.") from None
        except SealingError as exc:
            raise CommandError(str(exc)) from None
        try:
            key = load_private_key_file(key_data, read_passphrase(passphrase_file, confirm=False))
            with open(file, "rb") as lines:
                if output:
                    self._write_file(Path(output), unseal_csv(lines, key))
                else:
                    rows = list(unseal_csv(lines, key))  # all or nothing on the terminal too
                    sys.stdout.write("".join(rows))
        except SealingError as exc:
            raise CommandError(str(exc)) from None
        self.stderr.write(f"{count} signatures unsealed.")

    def _write_file(self, path: Path, lines) -> None:
        # Into a temporary file first: a failure halfway leaves no half-written list behind.
        partial = path.with_name(path.name + ".partial")
        try:
            descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            with os.fdopen(descriptor, "w", encoding="utf-8", newline="") as out:
                for line in lines:
                    out.write(line)
            partial.replace(path)
        except BaseException:
            partial.unlink(missing_ok=True)
            raise
