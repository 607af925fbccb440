"""`awaz verify-log URL`: the single-file verifier (awaz/transparency/verifier.py), from the awaz command."""

from django.core.management.base import BaseCommand, CommandError

from awaz.transparency import verifier


class Command(BaseCommand):
    help = ("Check a petition's transparency log: signature, every tile and the root, consistency with a "
            "saved checkpoint, a receipt's inclusion; prints the count with additions and removals by reason.")
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("url", help="the petition's data.json, its page, or its log prefix (log_url)")
        parser.add_argument("--key", help="the log's verifier key (log_key), to pin it")
        parser.add_argument("--checkpoint-file", help="a checkpoint saved earlier: checked, then replaced")
        parser.add_argument("--receipt", help="a signer's receipt to look for")

    def handle(self, *args, **options):
        argv = [options["url"]]
        for name in ("key", "checkpoint_file", "receipt"):
            if options[name]:
                argv += [f"--{name.replace('_', '-')}", options[name]]
        status = verifier.main(argv)
        if status:
            raise CommandError("The log did not verify." if status == 1 else "The log could not be read.",
                               returncode=status)
