"""`awaz reconcile [--dry-run]`: the nightly reconciliation, now, with what it found."""

from django.core.management.base import BaseCommand

from awaz.operations.services import tallies_reconcile


class Command(BaseCommand):
    help = "Compare every petition's stored counts with its confirmed signatures and repair any difference."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Report the differences; change nothing.")

    def handle(self, *args, dry_run, **options):
        found = tallies_reconcile(dry_run=dry_run)
        for d in found:
            verb = "would set" if dry_run else "set"
            self.stdout.write(f"petition {d.petition_id} {d.country}: stored {d.stored}, confirmed {d.counted}; "
                              f"{verb} {d.delta:+d}")
        if not found:
            self.stdout.write("Every count equals its confirmed signatures.")
        elif dry_run:
            self.stdout.write(f"{len(found)} differences found; nothing changed (--dry-run).")
        else:
            self.stdout.write(f"{len(found)} differences repaired; the operators are emailed.")
