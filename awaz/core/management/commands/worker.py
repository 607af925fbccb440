"""`awaz worker`: the background task consumer (Huey). Several may run side by side."""

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Run the background worker that sends emails and runs scheduled jobs."

    def add_arguments(self, parser):
        parser.add_argument("--threads", type=int, default=settings.HUEY["consumer"]["workers"])
        parser.add_argument(
            "--no-periodic", action="store_true", help="Do not run scheduled jobs (run them in one worker only)."
        )

    def handle(self, *args, threads, no_periodic, **options):
        arguments = ["--workers", str(threads), "--worker-type", "thread"]
        if no_periodic:
            arguments.append("--no-periodic")
        call_command("run_huey", *arguments)
