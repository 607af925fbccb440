"""Two real `awaz serve` processes: a switch turned in a third process (this test's) is in
force on both within 10 seconds, page and signing alike."""

import time
import urllib.error
import urllib.request
from contextlib import ExitStack
from urllib.parse import urlencode

import pytest
from django.utils import translation

from awaz.core.switches import PAUSE_REASONS
from awaz.operations.services import petition_switches_set, site_switches_set
from awaz.signatures.models import Signature
from tests.deploy.test_serve import running_server
from tests.factories import make_petition, staff_user

BOUND = 10


def _get(url: str) -> str:
    with urllib.request.urlopen(url, timeout=10) as page:
        return page.read().decode()


def _sign(base: str, slug: str) -> int:
    body = urlencode({"name": "Gulnar Ekrem", "email": "gulnar@example.org", "country": "NL"}).encode()
    request = urllib.request.Request(f"{base}/ja/petitions/{slug}/sign/", data=body, headers={"Origin": base})
    try:
        with urllib.request.urlopen(request, timeout=10) as answer:
            return answer.status
    except urllib.error.HTTPError as answer:
        return answer.code


def _until(check, started: float) -> float:
    while time.monotonic() - started < BOUND + 5:
        if check():
            return time.monotonic() - started
        time.sleep(0.25)
    pytest.fail("not in force after 15 seconds")


@pytest.mark.django_db(transaction=True)
def test_a_switch_reaches_two_server_processes_within_ten_seconds(tmp_path):
    petition = make_petition()
    operator = staff_user(username="operator")
    with ExitStack() as stack:
        servers = []
        for n in range(2):
            (tmp_path / str(n)).mkdir()
            servers.append(stack.enter_context(running_server(tmp_path / str(n)))[0])
        for base in servers:  # each process now holds the switches as they are: all off
            assert 'name="email"' in _get(f"{base}/ja/petitions/{petition.slug}/")
        with translation.override("ja"):
            reason = str(PAUSE_REASONS["attack"])

        started = time.monotonic()
        petition_switches_set(petition=petition, operator=operator, via="admin", paused=True, pause_reason="attack")
        site_switches_set(operator=operator, via="admin", paused=False, banner="Incident drill", banner_language="en")
        for base in servers:
            page_url = f"{base}/ja/petitions/{petition.slug}/"
            elapsed = _until(lambda: reason in (html := _get(page_url)) and "Incident drill" in html, started)
            assert elapsed <= BOUND
            assert _sign(base, petition.slug) == 503
        assert not Signature.objects.exists()
