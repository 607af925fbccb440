"""`awaz worker`: the background task consumer (Huey) and the signatures' email outbox relay.
Several may run side by side."""

import os

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

from awaz.signatures.outbox import start_relay


class Command(BaseCommand):
    help = "Run the background worker that sends emails and runs scheduled jobs."

    def add_arguments(self, parser):
        parser.add_argument("--threads", type=int, default=settings.HUEY["consumer"]["workers"])
        parser.add_argument(
            "--no-periodic", action="store_true", help="Do not run scheduled jobs (run them in one worker only)."
        )
        parser.add_argument(
            "--nice", type=int, default=int(os.environ.get("AWAZ_WORKER_NICE", "10")),
            help="CPU priority below the web server's (0 for equal): in a spike, signing comes first and "
            "emails catch up after it.",
        )

    def handle(self, *args, threads, no_periodic, nice, **options):
        if nice > 0:
            os.nice(nice)  # before any thread starts: Linux threads inherit it
        # An idle consumer backs off to polling every 10 s by default; with the embedded SQLite
        # queue that left a signer waiting for the email. Two seconds is still nearly free.
        # (The Redis queue blocks on the list, so it is immediate either way.)
        arguments = ["--workers", str(threads), "--worker-type", "thread", "--delay", "0.1", "--max-delay", "2"]
        if no_periodic:
            arguments.append("--no-periodic")
        stop_relay = start_relay()
        try:
            call_command("run_huey", *arguments)
        finally:
            stop_relay.set()
