"""The signing pipeline (awaz.signatures.signing): a refusal or a failure gives back what it took.

Issue #11's reproduction: with a per-network limit of 1 and one failing insert, the signer got
a 429 on the retry and nothing was stored, because the express lane had counted the attempt.
"""

import pytest
from django.db import DatabaseError

from awaz.signatures import services
from awaz.signatures.models import Signature
from tests.defences.conftest import clock  # noqa: F401 - the fixture
from tests.defences.test_proof_of_work import challenge, quick_work, solve  # noqa: F401 - fixture
from tests.factories import sign_form_data
from tests.signatures.test_express import post, sign_path

pytestmark = pytest.mark.django_db


def _failing_inserts(monkeypatch, times: int) -> list:
    """The next `times` inserts fail as a database that went away would; then they work."""
    failures = []
    real = services.insert_signature_row

    def insert(values):
        if len(failures) < times:
            failures.append(1)
            raise DatabaseError("the database went away")
        return real(values)

    monkeypatch.setattr(services, "insert_signature_row", insert)
    return failures


def test_it_stores_the_signature_when_the_lanes_insert_fails_under_a_limit_of_one(petition, settings, monkeypatch):
    settings.RATE_NETWORK_PER_MINUTE = 1
    failures = _failing_inserts(monkeypatch, 1)
    answer = post(sign_path(petition), sign_form_data(petition))
    assert failures == [1]  # the lane's insert failed, Django ran the pipeline again
    assert answer.status == 302 and answer.headers["Location"].endswith("/thanks/")
    assert Signature.objects.with_personal_data().get().email == "amina@example.org"


def test_a_signer_whose_attempt_failed_is_not_refused_on_the_retry(petition, settings, monkeypatch):
    settings.RATE_NETWORK_PER_MINUTE = 1
    _failing_inserts(monkeypatch, 2)  # the lane's and Django's
    assert post(sign_path(petition), sign_form_data(petition)).status == 500
    assert Signature.objects.count() == 0
    retry = post(sign_path(petition), sign_form_data(petition))
    assert retry.status == 302
    assert Signature.objects.count() == 1
    # And the limit still holds for the next signature from that network.
    assert post(sign_path(petition), sign_form_data(petition, email="other@example.org")).status == 429


def test_a_refusal_counts_nothing_against_the_next_attempt(petition, settings):
    settings.RATE_NETWORK_PER_MINUTE = 2
    settings.RATE_NETWORK_PER_HOUR = 2
    assert post(sign_path(petition), sign_form_data(petition, email="one@example.org")).status == 302
    for _ in range(5):  # refused by the per-domain limit: the network's count must not grow
        settings.RATE_DOMAIN_PER_HOUR = 1
        assert post(sign_path(petition), sign_form_data(petition, email="two@example.org")).status == 429
    settings.RATE_DOMAIN_PER_HOUR = 0
    assert post(sign_path(petition), sign_form_data(petition, email="three@example.org")).status == 302
    assert Signature.objects.count() == 2


def test_a_failed_attempt_gives_back_its_proof_of_work(client, petition, monkeypatch):
    payload = solve(challenge(client, petition))
    _failing_inserts(monkeypatch, 2)
    assert post(sign_path(petition), sign_form_data(petition, altcha=payload)).status == 500
    retry = post(sign_path(petition), sign_form_data(petition, altcha=payload))
    assert retry.status == 302
    assert Signature.objects.count() == 1
    # Once a signature is stored, the solution is spent.
    replay = post(sign_path(petition), sign_form_data(petition, email="other@example.org", altcha=payload))
    assert replay.status == 400 and b"automatic check" in replay.body


def test_a_rate_limited_attempt_gives_back_its_proof_of_work(client, petition, settings, clock):  # noqa: F811
    settings.RATE_NETWORK_PER_MINUTE = 1
    assert post(sign_path(petition), sign_form_data(petition, email="first@example.org")).status == 302
    payload = solve(challenge(client, petition))
    refused = post(sign_path(petition), sign_form_data(petition, altcha=payload))
    assert refused.status == 429
    clock.advance(120)
    assert post(sign_path(petition), sign_form_data(petition, altcha=payload)).status == 302
    assert Signature.objects.count() == 2
