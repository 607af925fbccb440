"""The nginx configuration in deploy/nginx/, run for real in front of a live Awaz.

Needs Debian's nginx (`apt-get install nginx-light`); without it the test fails and says so.
"""

import re
import shutil
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from awaz.signatures.models import Signature
from deploy.nginx_test_config import render
from tests.factories import make_petition

NGINX = shutil.which("nginx") or "/usr/sbin/nginx"


def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Proxy:
    def __init__(self, port: int, prefix: Path):
        self.port = port
        self.prefix = prefix

    def request(self, path, *, data: bytes | None = None, headers: dict | None = None):
        request = urllib.request.Request(f"http://127.0.0.1:{self.port}{path}", data=data, headers=headers or {})
        opener = urllib.request.build_opener(NoRedirect)
        try:
            with opener.open(request, timeout=10) as response:
                return response.status, response.headers, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.headers, error.read().decode()

    def access_log(self) -> str:
        return (self.prefix / "logs" / "access.log").read_text()


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


@pytest.fixture
def proxy(live_server, tmp_path):
    if not Path(NGINX).exists():
        pytest.fail("nginx is not installed; the proxy configuration cannot be tested: apt-get install nginx-light")
    upstream = live_server.url.removeprefix("http://")
    port = free_port()
    prefix = tmp_path / "nginx"
    config = render(prefix=prefix, listen_port=port, upstreams=[upstream], static_root=tmp_path / "static")
    process = subprocess.Popen([NGINX, "-p", str(prefix), "-c", str(config), "-e", str(prefix / "logs" / "error.log")],
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 10
        while True:
            if process.poll() is not None:
                pytest.fail(f"nginx refused the configuration:\n{process.stdout.read().decode()}")
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/static/", timeout=1)
                break
            except urllib.error.HTTPError:
                break  # nginx answers
            except OSError:
                if time.monotonic() > deadline:
                    pytest.fail("nginx did not start listening within 10 s")
                time.sleep(0.05)
        yield Proxy(port, prefix)
    finally:
        process.terminate()
        process.wait(timeout=10)


def sign_body(page: str, email: str) -> bytes:
    token = re.search(r'name="form_token" value="([^"]+)"', page).group(1)
    return f"name=Ana&email={email}&country=FR&form_token={token}".encode()


@pytest.mark.django_db(transaction=True)
def test_it_proxies_the_petition_page(proxy):
    petition = make_petition()

    status, _, body = proxy.request(f"/en/petitions/{petition.slug}/")

    assert status == 200
    assert "Protect the data of a whole people" in body


@pytest.mark.django_db(transaction=True)
def test_it_serves_count_json_from_the_cache_on_the_second_request(proxy):
    petition = make_petition()

    first = proxy.request(f"/en/petitions/{petition.slug}/count.json")
    second = proxy.request(f"/en/petitions/{petition.slug}/count.json")

    assert (first[0], first[1]["X-Cache-Status"]) == (200, "MISS")
    assert (second[0], second[1]["X-Cache-Status"]) == (200, "HIT")
    assert second[2] == first[2]


@pytest.mark.django_db(transaction=True)
def test_it_caches_anonymous_petition_pages(proxy):
    petition = make_petition()

    proxy.request(f"/en/petitions/{petition.slug}/")
    _, headers, _ = proxy.request(f"/en/petitions/{petition.slug}/")

    assert headers["X-Cache-Status"] == "HIT"


@pytest.mark.django_db(transaction=True)
def test_it_never_caches_a_post(proxy):
    petition = make_petition()
    _, _, page = proxy.request(f"/en/petitions/{petition.slug}/")
    path = f"/en/petitions/{petition.slug}/sign/"

    first = proxy.request(path, data=sign_body(page, "ana@example.org"))
    second = proxy.request(path, data=sign_body(page, "ben@example.org"))

    assert (first[0], second[0]) == (302, 302)
    assert second[1]["X-Cache-Status"] in (None, "")
    assert Signature.objects.filter(petition=petition).count() == 2


@pytest.mark.django_db(transaction=True)
def test_it_bypasses_the_cache_for_logged_in_staff(proxy):
    petition = make_petition()
    proxy.request(f"/en/petitions/{petition.slug}/")

    _, headers, _ = proxy.request(f"/en/petitions/{petition.slug}/", headers={"Cookie": "sessionid=abc"})

    assert headers["X-Cache-Status"] == "BYPASS"


@pytest.mark.django_db(transaction=True)
def test_it_keeps_tokens_and_addresses_out_of_the_access_log(proxy):
    token = "Q" * 32

    status, _, _ = proxy.request(f"/en/confirm/{token}/?utm=secret")
    time.sleep(0.2)  # nginx writes the line after the response
    log = proxy.access_log()

    assert status == 404
    assert "/en/confirm/[token]" in log
    assert token not in log and "secret" not in log and "127.0.0.1" not in log


def test_it_compresses_pages_for_slow_links(proxy):
    import gzip

    petition = make_petition()
    request = urllib.request.Request(
        f"http://127.0.0.1:{proxy.port}/en/petitions/{petition.slug}/", headers={"Accept-Encoding": "gzip"}
    )
    with urllib.request.urlopen(request, timeout=10) as response:
        assert response.headers["Content-Encoding"] == "gzip"
        body = gzip.decompress(response.read()).decode()
    assert "have signed" in body
