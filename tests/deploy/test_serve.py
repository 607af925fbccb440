"""`awaz serve` for real: Granian in its own process, on the test database, signing end to end."""

import os
import re
import subprocess
import sys
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from urllib.parse import urlencode

import pytest
from django.conf import settings
from django.core import mail
from django.db import connection

from awaz.signatures.models import Signature
from awaz.signatures.outbox import relay_due_confirmations
from tests.deploy.test_nginx import NoRedirect, free_port
from tests.factories import make_petition


def _database_url() -> str:
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{db['NAME']}"
    return f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}"


def _wait_until_serving(base: str, process: subprocess.Popen, log) -> None:
    """Until the site answers 200; fails with the server's log if it errs, exits or stays silent."""
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(base + "/en/petitions/", timeout=2).close()
            return
        except urllib.error.HTTPError as error:
            process.terminate()
            pytest.fail(f"the server answered {error.code}: {log.read_text()}")
        except OSError:
            if process.poll() is not None:
                pytest.fail(f"the server exited: {log.read_text()}")
            time.sleep(0.2)
    process.terminate()
    pytest.fail(f"the server did not answer: {log.read_text()}")


@contextmanager
def running_server(tmp_path, **extra_env):
    """`awaz serve` on the test database in its own process; yields its base URL and log file."""
    port = free_port()
    log = tmp_path / "serve.log"
    env = {
        **os.environ,
        "DATABASE_URL": _database_url(),
        "AWAZ_DATA_DIR": str(settings.DATA_DIR),  # the same keys: the test reads what it stored
        "AWAZ_ALLOWED_HOSTS": "127.0.0.1",
        "AWAZ_BASE_URL": f"http://127.0.0.1:{port}",
        **extra_env,
    }
    # As in production: hashed, compressed static files (the tests' own settings use plain ones).
    subprocess.run([sys.executable, "-m", "awaz", "collectstatic", "--noinput", "-v0"], env=env, check=True)
    process = subprocess.Popen(
        [sys.executable, "-m", "awaz", "serve", "--bind", f"127.0.0.1:{port}", "--workers", "1", "--threads", "2"],
        env=env, stdout=log.open("w"), stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_until_serving(base, process, log)
        yield base, log
    finally:
        process.terminate()
        process.wait(timeout=15)


@pytest.fixture
def server(transactional_db, tmp_path):
    with running_server(tmp_path) as (base, _log):
        yield base


def test_a_visitor_signs_through_the_production_server(server):
    petition = make_petition()
    with urllib.request.urlopen(f"{server}/en/petitions/{petition.slug}/", timeout=10) as page:
        html = page.read().decode()
        assert "default-src 'none'" in page.headers["Content-Security-Policy"]
    token = re.search(r'name="form_token" value="([^"]+)"', html).group(1)
    body = urlencode({"name": "Gulnar Ekrem", "email": "gulnar@example.org", "country": "NL", "form_token": token})
    request = urllib.request.Request(f"{server}/en/petitions/{petition.slug}/sign/", data=body.encode())
    try:
        urllib.request.build_opener(NoRedirect).open(request, timeout=10)
        pytest.fail("expected a redirect to the thanks page")
    except urllib.error.HTTPError as answer:
        assert answer.code == 302
        assert answer.headers["Location"] == f"/en/petitions/{petition.slug}/thanks/"
        assert answer.headers["Referrer-Policy"] == "no-referrer"
    signature = Signature.objects.with_personal_data().get(petition=petition)
    assert (signature.name, signature.country, signature.confirmation_due) == ("Gulnar Ekrem", "NL", True)
    assert relay_due_confirmations() == 1  # what `awaz worker` does
    assert mail.outbox[0].to == ["gulnar@example.org"]


def test_an_invalid_signature_gets_the_form_again_from_the_production_server(server):
    petition = make_petition()
    body = urlencode({"name": "Gulnar", "email": "nope", "country": "NL", "form_token": "forged"}).encode()
    request = urllib.request.Request(f"{server}/fr/petitions/{petition.slug}/sign/", data=body)
    with pytest.raises(urllib.error.HTTPError) as answer:
        urllib.request.urlopen(request, timeout=10)
    assert answer.value.code == 400
    assert "adresse e-mail valide" in answer.value.read().decode()
    assert not Signature.objects.exists()


def test_awaz_run_stops_the_server_and_the_worker_when_terminated(tmp_path):
    """`make run` under a service manager or `kill`: nothing may stay behind holding the port."""
    port = free_port()
    env = {**os.environ, "AWAZ_DATA_DIR": str(tmp_path), "PORT": str(port)}
    env.pop("DATABASE_URL", None)  # the embedded mode, as `make run` starts it
    env.pop("REDIS_URL", None)
    subprocess.run([sys.executable, "-m", "awaz", "setup", "--no-demo"], env=env, check=True,
                   stdout=subprocess.DEVNULL)
    log = tmp_path / "run.log"
    run = subprocess.Popen([sys.executable, "-m", "awaz", "run"], env=env, stdout=log.open("w"),
                           stderr=subprocess.STDOUT)
    _wait_until_serving(f"http://127.0.0.1:{port}", run, log)
    children = _descendants(run.pid)
    assert len(children) >= 2  # the server and the worker
    run.terminate()
    run.wait(timeout=30)
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline and any(_alive(pid) for pid in children):
        time.sleep(0.2)
    assert not [pid for pid in children if _alive(pid)]


def _descendants(pid: int) -> list[int]:
    found, frontier = [], [pid]
    while frontier:
        parent = frontier.pop()
        for entry in os.listdir("/proc"):
            if entry.isdigit():
                try:
                    stat = open(f"/proc/{entry}/stat").read()
                except OSError:
                    continue
                if int(stat.rsplit(")", 1)[1].split()[1]) == parent:
                    found.append(int(entry))
                    frontier.append(int(entry))
    return found


def _alive(pid: int) -> bool:
    try:
        state = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"
