"""Reading a passphrase for the sealing commands: typed (not echoed), or from a file for scripts."""

import getpass
from pathlib import Path

from django.core.management.base import CommandError

MIN_LENGTH = 12


def add_passphrase_argument(parser) -> None:
    parser.add_argument("--passphrase-file", help="Read the passphrase from this file (first line) instead of asking.")


def read_passphrase(passphrase_file: str | None, *, confirm: bool) -> str:
    if passphrase_file:
        try:
            lines = Path(passphrase_file).read_text().splitlines()
        except OSError as exc:
            raise CommandError(f"Cannot read the passphrase file: {exc.strerror}.") from None
        passphrase = lines[0] if lines else ""
    else:
        passphrase = getpass.getpass("Passphrase: ")
        if confirm and getpass.getpass("The same passphrase again: ") != passphrase:
            raise CommandError("The two passphrases differ; nothing was written.")
    if not passphrase:
        raise CommandError("An empty passphrase is refused: the key file must be useless to whoever finds it.")
    if confirm and len(passphrase) < MIN_LENGTH:
        # Only for a new key: whoever steals the file can try passphrases offline at leisure.
        raise CommandError(f"Choose a passphrase of at least {MIN_LENGTH} characters (several words are easiest).")
    return passphrase
