"""`awaz seal-keygen KEYFILE`: make an organization's sealing keypair, offline.

Run it on a computer the organization controls, not on the server. The private key goes into
KEYFILE, encrypted under a passphrase; the public key is printed, to be given to the server
with `awaz seal-key ORG_SLUG PUBLIC_KEY`. Needs no database and no network.
"""

import os
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from awaz.core.management.commands._passphrase import add_passphrase_argument, read_passphrase
from awaz.core.sealing import PrivateKey, private_key_file


class Command(BaseCommand):
    help = (
        "Make a sealing keypair for an organization: the private key into KEYFILE (passphrase-protected; keep "
        "it off the server, with a backup), the public key printed for `awaz seal-key`."
    )
    requires_system_checks = []
    requires_migrations_checks = False

    def add_arguments(self, parser):
        parser.add_argument("keyfile")
        add_passphrase_argument(parser)

    def handle(self, *args, keyfile, passphrase_file, **options):
        path = Path(keyfile)
        if path.exists():
            raise CommandError(f"{path} exists already; choose another name (an old key may still be needed).")
        passphrase = read_passphrase(passphrase_file, confirm=True)
        key = PrivateKey.generate()
        data = private_key_file(key, passphrase)
        try:
            descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except OSError as exc:
            raise CommandError(f"Cannot write {path}: {exc.strerror}.") from None
        with os.fdopen(descriptor, "wb") as file:
            file.write(data)
        public = key.public_key()
        self.stderr.write(
            f"Private key written to {path} (fingerprint {public.fingerprint}). Keep it and its passphrase off the "
            "server, and keep a backup: without them, sealed signatures can never be read.\n"
            "Public key (give it to the server with `awaz seal-key ORG_SLUG PUBLIC_KEY`):"
        )
        self.stdout.write(public.text)
