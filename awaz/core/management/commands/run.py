"""`awaz run`: the web server and the worker together, for a laptop. Ctrl-C stops both."""

import signal
import subprocess
import sys
import time

from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Run the web server and the background worker together (what `make run` uses)."

    def handle(self, *args, **options):
        # SIGTERM (a service manager, `kill`) stops both too: by default it would end this
        # process at once and leave the server holding its port.
        signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
        base = [sys.executable, "-m", "awaz"]
        processes = [subprocess.Popen(base + ["serve"]), subprocess.Popen(base + ["worker"])]
        try:
            while all(p.poll() is None for p in processes):
                time.sleep(0.5)
        except KeyboardInterrupt:
            pass
        finally:
            for process in processes:
                if process.poll() is None:
                    process.send_signal(signal.SIGTERM)
            for process in processes:
                try:
                    process.wait(timeout=15)
                except subprocess.TimeoutExpired:
                    process.kill()
        failed = [p.returncode for p in processes if p.returncode not in (0, -signal.SIGTERM, -signal.SIGINT, None)]
        if failed:
            raise SystemExit(failed[0])
