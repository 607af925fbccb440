"""`awaz setup`: everything `make run` needs before serving, safe to run every time."""

import secrets

from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Migrate, compile catalogues, collect static files; on first run load demo content and create a demo admin."

    def add_arguments(self, parser):
        parser.add_argument("--no-demo", action="store_true", help="Do not load demo content or create the demo admin.")

    def handle(self, *args, no_demo, **options):
        call_command("migrate", interactive=False, verbosity=0)
        call_command("compile_catalogs", verbosity=0)
        call_command("collectstatic", interactive=False, verbosity=0)
        if no_demo:
            return
        Petition = apps.get_model("petitions", "Petition")
        if not Petition.objects.exists():
            call_command("load_demo")
            call_command("load_demo_news")
            call_command("load_demo_outcomes")
        User = get_user_model()
        if not User.objects.filter(username="admin").exists():
            password = secrets.token_urlsafe(12)
            User.objects.create_superuser("admin", "", password)
            self.stdout.write(self.style.WARNING(
                "\nDemo admin created. This password is shown once and stored nowhere in plain text:\n"
                f"    user: admin    password: {password}\n"
            ))
