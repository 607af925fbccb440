"""`awaz worker --nice N` lowers the background tasks' priority and keeps the email relay's at the
web server's: a signature counts only once its signer has the email."""

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="per-thread nice values are Linux's"),
]


def _database_url() -> str:
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{db['NAME']}"
    return f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}"


def _nice_values(pid: int) -> list[int]:
    values = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        try:
            fields = (task / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue  # a thread that just ended
        values.append(int(fields[16]))  # field 19 of stat(5): nice
    return values


def test_only_the_relay_keeps_the_web_servers_priority(tmp_path):
    base = os.nice(0)
    worker = subprocess.Popen(
        [sys.executable, "-m", "awaz", "worker", "--no-periodic", "--threads", "2", "--nice", "10"],
        env={**os.environ, "DATABASE_URL": _database_url(), "AWAZ_DATA_DIR": str(settings.DATA_DIR)},
        stdout=(tmp_path / "worker.log").open("w"), stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 30
        values = []
        # The main thread, the relay and the consumer's scheduler and two task threads.
        while time.monotonic() < deadline and len(values) < 5:
            time.sleep(0.2)
            assert worker.poll() is None, (tmp_path / "worker.log").read_text()
            values = _nice_values(worker.pid)
        lowered = min(base + 10, 19)
        assert sorted(values) == [base] + [lowered] * (len(values) - 1), values
        assert len(values) >= 5, values
    finally:
        worker.terminate()
        worker.wait(10)
