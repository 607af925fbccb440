"""Slow and oversized request bodies against the real `awaz serve` (#10 items 1 and 2).

Before: a client sending one byte every two seconds held one of the server's threads for as
long as it liked (Granian's WSGI interface reads the body on the application's thread), so a
handful of them froze the site; and a 300 MB body was read to temporary disk and stored.
"""

import socket
import threading
import time
import urllib.request

import pytest

from awaz.signatures.models import Signature
from tests.deploy.test_serve import running_server
from tests.factories import make_petition

BODY_SECONDS = 2


@pytest.fixture
def served(transactional_db, tmp_path):
    spill = tmp_path / "tmp"
    spill.mkdir()
    # TMPDIR: where a body read to disk would go, so the test can see that nothing went there.
    with running_server(tmp_path, AWAZ_BODY_SECONDS=str(BODY_SECONDS), TMPDIR=str(spill)) as (base, log):
        yield base, int(base.rsplit(":", 1)[1]), spill


def _headers(method: str, path: str, **headers) -> bytes:
    lines = [f"{method} {path} HTTP/1.1", "Host: 127.0.0.1"] + [f"{k.replace('_', '-')}: {v}" for k, v in headers.items()]
    return ("\r\n".join(lines) + "\r\n\r\n").encode()


def _answer(sock: socket.socket, within: float) -> bytes:
    """Everything the server sends until it closes the connection (or `within` seconds pass)."""
    sock.settimeout(0.3)
    data, deadline = b"", time.monotonic() + within
    while time.monotonic() < deadline:
        try:
            chunk = sock.recv(65536)
        except socket.timeout:
            continue
        except ConnectionResetError:
            break
        if not chunk:
            break
        data += chunk
    return data


class SlowSender(threading.Thread):
    """Declares a small form body, then sends it one byte every half second."""

    def __init__(self, port: int, path: str, length: int = 2000):
        super().__init__(daemon=True)
        self.sock = socket.create_connection(("127.0.0.1", port))
        self.sock.sendall(_headers("POST", path, Content_Type="application/x-www-form-urlencoded",
                                   Content_Length=length))
        self.started = time.monotonic()
        self.answer, self.took = b"", None

    def run(self):
        self.sock.settimeout(0.5)
        while time.monotonic() - self.started < 4 * BODY_SECONDS:
            try:
                self.sock.sendall(b"a")
                chunk = self.sock.recv(65536)
            except socket.timeout:
                continue
            except OSError:
                break
            if not chunk:
                break
            self.answer += chunk
            if self.took is None:
                self.took = time.monotonic() - self.started
        self.sock.close()


def test_it_answers_a_slow_body_with_408_in_the_visitors_language(served):
    _base, port, _spill = served
    petition = make_petition()
    sender = SlowSender(port, f"/fr/petitions/{petition.slug}/sign/")
    sender.start()
    sender.join()
    assert sender.answer.startswith(b"HTTP/1.1 408")
    assert BODY_SECONDS - 0.5 < sender.took < BODY_SECONDS + 2
    assert "La connexion était trop lente" in sender.answer.decode()
    assert not Signature.objects.exists()


def test_slow_senders_do_not_take_the_threads_that_serve_everyone_else(served):
    """Eight slow senders against two threads: before, every probe waited for them."""
    base, port, _spill = served
    petition = make_petition()
    senders = [SlowSender(port, f"/en/petitions/{petition.slug}/sign/") for _ in range(8)]
    for sender in senders:
        sender.start()
    time.sleep(0.3)
    probes = []
    for _ in range(5):
        started = time.monotonic()
        with urllib.request.urlopen(f"{base}/en/petitions/{petition.slug}/", timeout=BODY_SECONDS) as page:
            assert page.status == 200
        probes.append(time.monotonic() - started)
    assert max(probes) < BODY_SECONDS / 2  # answered while every slow sender still held on
    for sender in senders:
        sender.join()
        assert sender.answer.startswith(b"HTTP/1.1 408")


def test_it_refuses_a_300_mb_body_with_413_before_reading_it(served):
    _base, port, spill = served
    petition = make_petition()
    with socket.create_connection(("127.0.0.1", port)) as sock:
        sock.sendall(_headers("POST", f"/ru/petitions/{petition.slug}/sign/",
                              Content_Type="multipart/form-data; boundary=xyz", Content_Length=300_000_000))
        started = time.monotonic()
        try:
            sock.sendall(b"--xyz\r\n" + b"x" * 1_000_000)  # the server may close before all of it
        except OSError:
            pass
        answer = _answer(sock, within=5)
    assert answer.startswith(b"HTTP/1.1 413")
    assert time.monotonic() - started < 3
    assert "Отправленное слишком велико" in answer.decode()
    assert not Signature.objects.exists()
    assert not list(spill.iterdir())  # nothing went to temporary disk


def test_it_refuses_a_chunked_body_that_grows_past_the_limit(served):
    _base, port, spill = served
    petition = make_petition()
    with socket.create_connection(("127.0.0.1", port)) as sock:
        sock.sendall(_headers("POST", f"/en/petitions/{petition.slug}/sign/",
                              Content_Type="application/x-www-form-urlencoded", Transfer_Encoding="chunked"))
        try:
            for _ in range(40):  # 40 x 16 KiB, far past 64 KiB
                sock.sendall(b"4000\r\n" + b"n" * 0x4000 + b"\r\n")
        except OSError:
            pass
        answer = _answer(sock, within=5)
    assert answer.startswith(b"HTTP/1.1 413")
    assert "too large" in answer.decode()
    assert not Signature.objects.exists()
    assert not list(spill.iterdir())


def test_the_admin_accepts_bodies_larger_than_public_forms(served):
    """Uploads of images and attachments: 200 KiB reaches Django there (which asks for a login)."""
    _base, port, _spill = served
    body = b"a=" + b"b" * 200_000
    with socket.create_connection(("127.0.0.1", port)) as sock:
        sock.sendall(_headers("POST", "/admin/login/", Content_Type="application/x-www-form-urlencoded",
                              Content_Length=len(body), Connection="close") + body)
        answer = _answer(sock, within=5)
    assert answer.startswith(b"HTTP/1.1 403")  # Django's CSRF check read it: not 413


def test_a_large_response_is_streamed_whole_and_a_reader_that_stalls_holds_nobody_up(served, settings):
    """An uploaded image of 3 MB (larger responses are streamed from the thread)."""
    base, port, _spill = served
    settings.MEDIA_ROOT.mkdir(parents=True, exist_ok=True)
    image = settings.MEDIA_ROOT / "test-large-image.bin"
    content = bytes(range(256)) * (3 * 4096)
    image.write_bytes(content)
    try:
        with urllib.request.urlopen(f"{base}/media/test-large-image.bin", timeout=10) as answer:
            assert answer.status == 200
            assert answer.read() == content
        stalled = []
        for _ in range(4):  # twice the threads; each asks for the image and never reads it
            sock = socket.create_connection(("127.0.0.1", port))
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
            sock.sendall(_headers("GET", "/media/test-large-image.bin"))
            stalled.append(sock)
        time.sleep(1)
        started = time.monotonic()
        with urllib.request.urlopen(f"{base}/en/petitions/", timeout=5) as page:
            assert page.status == 200
        assert time.monotonic() - started < 2
        for sock in stalled:
            sock.close()
    finally:
        image.unlink()
