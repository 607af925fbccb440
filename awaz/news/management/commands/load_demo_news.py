from django.core.management.base import BaseCommand

from awaz.news.demo_loader import load_demo_posts


class Command(BaseCommand):
    help = "Load (or refresh) the demo news posts."

    def handle(self, *args, **options):
        created = load_demo_posts()
        self.stdout.write(f"Demo news loaded ({created} new post(s)).")
