"""`awaz serve`: the production HTTP server (Granian, WSGI), sized for the machine.

Granian parses HTTP in Rust and hands each request to the WSGI application on a pool of
threads. On the signing benchmark it left about four times more CPU to Awaz than gunicorn's
threaded workers, whose request handling is Python (docs/performance.md has the figures).
"""

import os

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError


def default_workers() -> int:
    # SQLite has one writer and the embedded cache lives in one process: one process, threads.
    if settings.EMBEDDED:
        return 1
    # One process per core: the threads of each wait on PostgreSQL and Redis, not on the CPU.
    return max(2, os.cpu_count() or 1)


def split_bind(bind: str) -> tuple[str, int]:
    host, _, port = bind.rpartition(":")
    if not host or not port.isdigit():
        raise CommandError(f"--bind wants HOST:PORT, not {bind!r}")
    return host.strip("[]"), int(port)


class Command(BaseCommand):
    help = "Serve Awaz with Granian (production WSGI server)."

    def add_arguments(self, parser):
        parser.add_argument("--bind", default=os.environ.get("AWAZ_BIND", f"127.0.0.1:{os.environ.get('PORT', '8000')}"))
        parser.add_argument("--workers", type=int, default=int(os.environ.get("AWAZ_WEB_WORKERS", "0")) or None)
        parser.add_argument("--threads", type=int, default=int(os.environ.get("AWAZ_WEB_THREADS", "4")))

    def handle(self, *args, bind, workers, threads, **options):
        from granian import Granian
        from granian.constants import Interfaces

        address, port = split_bind(bind)
        workers = workers or default_workers()
        self.stdout.write(f"Serving Awaz on http://{bind} with {workers} worker(s) x {threads} threads")
        Granian(
            "awaz.wsgi:application",
            address=address,
            port=port,
            interface=Interfaces.WSGI,
            workers=workers,
            blocking_threads=threads,
            # No access log: it would record confirmation links. Errors are still logged.
            log_access=False,
            respawn_failed_workers=True,
            workers_kill_timeout=10,
        ).serve()
