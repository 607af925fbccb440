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
            help="CPU priority of the background tasks below the web server's (0 for equal); the email relay "
            "keeps the web server's, since a signer waits for the email to confirm.",
        )

    def handle(self, *args, threads, no_periodic, nice, **options):
        # The relay first, at the web server's priority: a signature counts only once its signer
        # has the email, so in a spike a starved relay left the signers waiting for minutes
        # (bench lifecycle: 8 % of emails within 5 s at nice 10). On Linux a thread's nice value
        # is its own and new threads inherit their creator's, so niceing this thread after the
        # relay has started lowers exactly the task consumer's threads (exports, the log's
        # tiles, retention), which nobody waits for.
        stop_relay = start_relay()
        if nice > 0:
            os.nice(nice)
        # An idle consumer backs off to polling every 10 s by default; with the embedded SQLite
        # queue that left a signer waiting for the email. Two seconds is still nearly free.
        # (The Redis queue blocks on the list, so it is immediate either way.)
        arguments = ["--workers", str(threads), "--worker-type", "thread", "--delay", "0.1", "--max-delay", "2"]
        if no_periodic:
            arguments.append("--no-periodic")
        try:
            call_command("run_huey", *arguments)
        finally:
            stop_relay.set()
