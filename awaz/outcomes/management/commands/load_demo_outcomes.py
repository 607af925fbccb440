from django.core.management.base import BaseCommand

from awaz.outcomes.demo_loader import load_demo_outcomes


class Command(BaseCommand):
    help = "Load demo targets, thresholds and a response for the demo petitions."

    def handle(self, *args, **options):
        loaded = load_demo_outcomes()
        self.stdout.write(f"Demo outcomes loaded ({loaded} petition(s)).")
