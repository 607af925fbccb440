"""`awaz serve`: the production WSGI server (gunicorn), sized for the machine."""

import os

from django.conf import settings
from django.core.management.base import BaseCommand


def default_workers() -> int:
    # SQLite has one writer and the embedded cache lives in one process: one process, threads.
    if settings.EMBEDDED:
        return 1
    return max(2, (os.cpu_count() or 1) * 2)


class Command(BaseCommand):
    help = "Serve Awaz with gunicorn (production WSGI server)."

    def add_arguments(self, parser):
        parser.add_argument("--bind", default=os.environ.get("AWAZ_BIND", f"127.0.0.1:{os.environ.get('PORT', '8000')}"))
        parser.add_argument("--workers", type=int, default=int(os.environ.get("AWAZ_WEB_WORKERS", "0")) or None)
        parser.add_argument("--threads", type=int, default=int(os.environ.get("AWAZ_WEB_THREADS", "4")))

    def handle(self, *args, bind, workers, threads, **options):
        from gunicorn.app.base import BaseApplication

        from awaz.wsgi import application

        config = {
            "bind": bind,
            "workers": workers or default_workers(),
            "threads": threads,
            "worker_class": "gthread",
            # Access logs would record confirmation links; errors are still logged.
            "accesslog": None,
            "errorlog": "-",
            "keepalive": 5,
            "timeout": 30,
            "graceful_timeout": 10,
            "forwarded_allow_ips": "*" if settings.TRUSTED_PROXIES else "127.0.0.1",
            "proc_name": "awaz",
            # Nothing uses gunicorn's control socket, and two `awaz serve` of one user (two ports
            # on one machine) would fight over the same $HOME/.gunicorn/gunicorn.ctl.
            "control_socket_disable": True,
        }

        class Server(BaseApplication):
            def load_config(self):
                for key, value in config.items():
                    self.cfg.set(key, value)

            def load(self):
                return application

        self.stdout.write(f"Serving Awaz on http://{bind} with {config['workers']} worker(s) x {threads} threads")
        Server().run()
