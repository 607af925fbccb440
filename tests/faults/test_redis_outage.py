"""Redis stopped and started by the test (#10 item 7): reading and signing go on without it.

Before: with Redis down, signing, the home page, the petition list and page, count.json,
data.json and the confirm page all answered 500, and a confirmation posted in the outage was
committed while the signer saw an error.
"""

import json
import logging
import re
import time
import urllib.error
import urllib.request
from urllib.parse import urlencode

from awaz.signatures.models import Signature
from tests.deploy.test_nginx import NoRedirect
from tests.deploy.test_serve import running_server
from tests.factories import make_pending_signature, make_petition, sign_form_data

UNREACHABLE = "Redis is unreachable"
BACK = "Redis is reachable again"


def _sign_in_process(client, petition, *, email, ip="198.51.100.7"):
    return client.post(f"/en/petitions/{petition.slug}/sign/", sign_form_data(petition, email=email), REMOTE_ADDR=ip)


def test_rate_limits_hold_in_process_while_redis_is_down(redis_cache, client, petition, settings):
    settings.RATE_NETWORK_PER_MINUTE = 3
    redis_cache.stop()
    answers = [_sign_in_process(client, petition, email=f"outage{n}@campus.example").status_code for n in range(5)]
    assert answers == [302, 302, 302, 429, 429]
    assert Signature.objects.filter(petition=petition).count() == 3


def test_it_warns_once_per_outage_and_says_when_redis_is_back(redis_cache, client, petition, caplog):
    caplog.set_level(logging.WARNING, logger="awaz.core.cache")
    redis_cache.stop()
    for _ in range(3):
        assert client.get(f"/en/petitions/{petition.slug}/").status_code == 200
    assert sum(record.getMessage().startswith(UNREACHABLE) for record in caplog.records) == 1
    redis_cache.start()
    assert client.get(f"/en/petitions/{petition.slug}/").status_code == 200
    messages = [record.getMessage() for record in caplog.records]
    assert sum(m.startswith(UNREACHABLE) for m in messages) == 1
    assert sum(m.startswith(BACK) for m in messages) == 1


def test_a_confirmation_in_the_outage_is_committed_and_the_signer_sees_it(redis_cache, client, petition):
    signature, token = make_pending_signature(petition, email="ayse@example.org")
    redis_cache.stop()
    response = client.post(f"/en/confirm/{token}/")
    assert response.status_code == 200
    assert "confirmed" in response.content.decode()
    signature.refresh_from_db()
    assert signature.confirmed_at is not None
    assert client.get(f"/en/petitions/{petition.slug}/count.json").json()["count"] == 1


def _get(url):
    with urllib.request.urlopen(url, timeout=10) as answer:
        return answer.status, answer.read().decode()


def _post(url, data):
    request = urllib.request.Request(url, data=urlencode(data).encode())
    try:
        with urllib.request.build_opener(NoRedirect).open(request, timeout=10) as answer:
            return answer.status
    except urllib.error.HTTPError as answer:
        return answer.code


def test_the_real_server_reads_and_signs_through_a_redis_outage(transactional_db, tmp_path, private_redis):
    petition = make_petition()
    pending, token = make_pending_signature(petition, email="dilnur@example.org")
    with running_server(tmp_path, REDIS_URL=private_redis.url) as (base, log):
        _status, html = _get(f"{base}/en/petitions/{petition.slug}/")
        form_token = re.search(r'name="form_token" value="([^"]+)"', html).group(1)
        private_redis.stop()

        slug = petition.slug
        for path in ["/en/", "/en/petitions/", f"/en/petitions/{slug}/", f"/fr/petitions/{slug}/",
                     f"/en/petitions/{slug}/count.json", f"/en/petitions/{slug}/data.json", f"/en/confirm/{token}/"]:
            assert _get(base + path)[0] == 200, path
        signer = {"name": "Gulnar Ekrem", "email": "gulnar@example.org", "country": "NL", "form_token": form_token}
        assert _post(f"{base}/en/petitions/{slug}/sign/", signer) == 302
        assert _post(f"{base}/en/petitions/{slug}/sign/", signer) == 302  # again: the same answer
        assert _post(f"{base}/en/confirm/{token}/", {}) == 200
        assert Signature.objects.filter(petition=petition).count() == 2
        pending.refresh_from_db()
        assert pending.confirmed_at is not None
        time.sleep(1.1)  # count.json is cached for a second, in the outage too
        assert json.loads(_get(f"{base}/en/petitions/{slug}/count.json")[1])["count"] == 1

        private_redis.start()
        time.sleep(1.2)  # the server tries Redis again at most once a second
        assert _get(f"{base}/en/petitions/{slug}/")[0] == 200
        time.sleep(0.5)
        output = log.read_text()
    assert output.count(UNREACHABLE) == 1
    assert output.count(BACK) == 1
    assert " 500 " not in output and "Internal Server Error" not in output
