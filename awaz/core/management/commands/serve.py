"""`awaz serve`: the production HTTP server (Granian), sized for the machine.

Granian parses HTTP in Rust. On the signing benchmark it left about four times more CPU to Awaz
than gunicorn's threaded workers, whose request handling is Python (docs/performance.md has the
figures). Awaz runs behind Granian's ASGI interface through awaz/core/asgi.py, which reads
request bodies on the event loop with a size limit and a deadline (slow senders hold no thread)
and runs the WSGI application on a pool of threads per process.
"""

import os

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

# Headers must arrive within this many milliseconds (Granian's own deadline, in Rust).
HEADER_READ_TIMEOUT_MS = 10_000


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
    help = "Serve Awaz with Granian (production server)."

    def add_arguments(self, parser):
        parser.add_argument("--bind", default=os.environ.get("AWAZ_BIND", f"127.0.0.1:{os.environ.get('PORT', '8000')}"))
        parser.add_argument("--workers", type=int, default=int(os.environ.get("AWAZ_WEB_WORKERS", "0")) or None)
        parser.add_argument("--threads", type=int, default=int(os.environ.get("AWAZ_WEB_THREADS", "4")))

    def handle(self, *args, bind, workers, threads, **options):
        from granian import Granian
        from granian.constants import Interfaces
        from granian.http import HTTP1Settings

        address, port = split_bind(bind)
        workers = workers or default_workers()
        # The worker processes read it when they build their thread pool (awaz/core/asgi.py).
        os.environ["AWAZ_WEB_THREADS"] = str(threads)
        self.stdout.write(f"Serving Awaz on http://{bind} with {workers} worker(s) x {threads} threads")
        Granian(
            "awaz.asgi:application",
            address=address,
            port=port,
            interface=Interfaces.ASGI,
            http1_settings=HTTP1Settings(header_read_timeout=HEADER_READ_TIMEOUT_MS),
            websockets=False,
            workers=workers,
            # No access log: it would record confirmation links. Errors are still logged.
            log_access=False,
            respawn_failed_workers=True,
            workers_kill_timeout=10,
        ).serve()
