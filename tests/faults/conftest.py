"""Faults made for real: a private Redis and a private PostgreSQL cluster that the tests stop,
start and restart themselves (never the shared ones)."""

import glob
import os
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

import pytest

from tests.deploy.test_nginx import free_port


class PrivateRedis:
    def __init__(self, directory):
        self.directory = directory
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process = None

    def start(self) -> None:
        self.process = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
             "--dir", str(self.directory)],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.2).close()
                return
            except OSError:
                time.sleep(0.05)
        raise RuntimeError("the private redis-server did not start")

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(timeout=10)
            self.process = None


@pytest.fixture
def private_redis(tmp_path):
    if shutil.which("redis-server") is None:
        pytest.skip("redis-server is not installed (Debian: redis-server)")
    redis = PrivateRedis(tmp_path)
    redis.start()
    yield redis
    redis.stop()


@pytest.fixture
def redis_cache(private_redis, settings, monkeypatch):
    """Awaz's cache (and so its rate limits) on the private Redis, retried at every call while down."""
    from awaz.core import cache as awaz_cache

    monkeypatch.setattr(awaz_cache, "RETRY_SECONDS", 0.0)
    settings.CACHES = {"default": {"BACKEND": "awaz.core.cache.RedisCache", "LOCATION": private_redis.url,
                                   "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 1.0}}}
    return private_redis


class PrivatePostgres:
    """A PostgreSQL cluster of the test's own (initdb in a temporary directory), to restart at will."""

    def __init__(self, bin_dir: Path, directory: Path):
        self.bin_dir = bin_dir
        self.directory = directory
        self.data = directory / "data"
        self.port = free_port()
        self.url = f"postgres://postgres@127.0.0.1:{self.port}/awaz"

    def _run(self, *command: str) -> None:
        prefix = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        subprocess.run(prefix + [str(self.bin_dir / command[0]), *command[1:]], check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=self.directory)

    def create(self) -> None:
        self._run("initdb", "-D", str(self.data), "-U", "postgres", "-A", "trust", "--no-sync")
        self.start()
        self._run("createdb", "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres", "awaz")

    def _options(self) -> str:
        return f"-p {self.port} -c listen_addresses=127.0.0.1 -k {self.directory} -c fsync=off"

    def start(self) -> None:
        self._run("pg_ctl", "-D", str(self.data), "-o", self._options(), "-l", str(self.directory / "log"),
                  "-w", "start")

    def restart(self) -> None:
        """What an upgrade or a failover does: every connection ends, new ones are refused a moment."""
        self._run("pg_ctl", "-D", str(self.data), "-o", self._options(), "-l", str(self.directory / "log"),
                  "-m", "fast", "-w", "restart")

    def stop(self) -> None:
        self._run("pg_ctl", "-D", str(self.data), "-m", "immediate", "-w", "stop")


@pytest.fixture
def private_postgres():
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    if not found:
        pytest.skip("initdb is not installed (Debian: postgresql)")
    if os.geteuid() == 0 and shutil.which("runuser") is None:
        pytest.skip("runuser is needed to run initdb as the postgres user")
    directory = Path(tempfile.mkdtemp(prefix="awaz-pg-"))
    if os.geteuid() == 0:
        shutil.chown(directory, "postgres", "postgres")
    cluster = PrivatePostgres(Path(found[-1]).parent, directory)
    try:
        cluster.create()
    except (subprocess.CalledProcessError, KeyError) as error:
        shutil.rmtree(directory, ignore_errors=True)
        pytest.skip(f"a private PostgreSQL cluster could not be created: {error}")
    yield cluster
    try:
        cluster.stop()
    finally:
        shutil.rmtree(directory, ignore_errors=True)
