from django.core.management.base import BaseCommand

from awaz.petitions.demo_loader import load_demo_petitions


class Command(BaseCommand):
    help = "Load (or refresh) the demo organizations and petitions."

    def handle(self, *args, **options):
        created = load_demo_petitions()
        self.stdout.write(f"Demo content loaded ({created} new petition(s)).")
