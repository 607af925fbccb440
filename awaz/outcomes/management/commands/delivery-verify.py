from django.core.management.base import BaseCommand, CommandError

from awaz.outcomes.package import package_verify


class Command(BaseCommand):
    help = "Check a delivery package: the manifest's Ed25519 signature and every file's SHA-256."

    def add_arguments(self, parser):
        parser.add_argument("directory")
        parser.add_argument("--public-key", help="The organization's public key (base64) the manifest must be signed with.")

    def handle(self, *args, directory, public_key=None, **options):
        problems = package_verify(directory, public_key=public_key)
        if problems:
            raise CommandError("The package does not verify: " + "; ".join(problems))
        self.stdout.write("OK: the signature and every file match the manifest.")
