"""Confirmation and withdrawal links on the express lane (awaz.signatures.express).

A link that works is answered by the lane without Django's middleware, with the view's own page
and the headers the middleware stack would add: the tests hold the lane's status, headers and
body to Django's answer to the very same request. Everything else goes to Django.
"""

from datetime import timedelta

import pytest
from django.db import transaction
from django.utils import timezone

from awaz.outcomes.models import Threshold
from awaz.petitions.models import Petition
from awaz.signatures import express
from awaz.signatures.models import Signature, SignatureTally
from awaz.transparency.models import LogEntry
from awaz.wsgi import application, django_application
from tests.factories import make_pending_signature, make_threshold
from tests.signatures.test_express import post

pytestmark = pytest.mark.django_db


@pytest.fixture
def taken(monkeypatch):
    """The requests the lane answered itself."""
    answered = []
    real = express._as_middleware_would

    def recording(request, response, language):
        answered.append(request.path)
        return real(request, response, language)

    monkeypatch.setattr(express, "_as_middleware_would", recording)
    return answered


@pytest.fixture
def fixed_receipts(monkeypatch):
    """Receipts are random: the same one for every entry, so two answers can be compared."""
    monkeypatch.setattr("awaz.transparency.services.secrets.token_hex", lambda n: "ab" * n)


def _confirm_path(token, language="en"):
    return f"/{language}/confirm/{token}/"


def _both(path, **extra):
    """Django's answer, rolled back, then the lane's answer, to the same request from the same state."""
    with transaction.atomic():
        django = post(path, {}, app=django_application, **extra)
        transaction.set_rollback(True)
    return django, post(path, {}, **extra)


def _same(lane, django):
    assert "Content-Security-Policy" in lane.headers
    assert lane.status == django.status
    assert lane.headers == django.headers  # CSP, cache, cookies, Content-Language, Content-Length...
    assert lane.body == django.body


@pytest.mark.parametrize("language", ["en", "ar", "ug"])
def test_a_working_confirmation_link_is_answered_by_the_lane_like_django(petition, taken, fixed_receipts, language):
    signature, token = make_pending_signature(petition, email="amina@example.org", language=language)
    django, lane = _both(_confirm_path(token, language))
    assert taken == [_confirm_path(token, language)]
    assert lane.status == 200
    _same(lane, django)
    assert b"abab" in lane.body  # the receipt is on the page
    signature.refresh_from_db()
    assert signature.confirmed_at is not None
    assert sum(SignatureTally.objects.filter(petition=petition).values_list("count", flat=True)) == 1
    assert LogEntry.objects.filter(signature_id=signature.pk, kind=LogEntry.Kind.ADDITION).count() == 1


def test_a_confirmation_on_the_lane_reaches_the_petitions_threshold(petition, taken, django_capture_on_commit_callbacks):
    make_threshold(petition, 1)
    _signature, token = make_pending_signature(petition, email="amina@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        assert post(_confirm_path(token), {}).status == 200
    assert taken
    assert Threshold.objects.get().reached_at is not None


def test_a_link_used_twice_counts_once_and_the_second_time_django_explains(petition, taken):
    _signature, token = make_pending_signature(petition, email="amina@example.org")
    assert post(_confirm_path(token), {}).status == 200
    again = post(_confirm_path(token), {})
    assert taken == [_confirm_path(token)]  # only the first
    assert again.status == 200
    assert b"already confirmed" in again.body
    assert sum(SignatureTally.objects.filter(petition=petition).values_list("count", flat=True)) == 1


def _expired(petition):
    return make_pending_signature(petition, email="old@example.org", token_sent_at=timezone.now() - timedelta(days=30))[1]


def _closed(petition):
    token = make_pending_signature(petition, email="late@example.org")[1]
    Petition.objects.filter(pk=petition.pk).update(status=Petition.Status.CLOSED)
    express._petitions.clear()
    return token


HOSTILE = {
    "unknown token": (lambda petition: "A" * 32, {}, 404),
    "too short": (lambda petition: "short", {}, 404),
    "expired": (_expired, {}, 410),
    "closed petition": (_closed, {}, 404),
    "cross-site origin": (lambda p: make_pending_signature(p, email="x@example.org")[1],
                          {"HTTP_ORIGIN": "https://evil.example"}, 403),
    "cross-site fetch": (lambda p: make_pending_signature(p, email="x@example.org")[1],
                         {"HTTP_SEC_FETCH_SITE": "cross-site"}, 403),
    "unknown host": (lambda p: make_pending_signature(p, email="x@example.org")[1], {"HTTP_HOST": "evil.example"}, 400),
    "query string": (lambda p: make_pending_signature(p, email="x@example.org")[1], {"QUERY_STRING": "a=%00"}, 400),
}


@pytest.mark.parametrize("case", list(HOSTILE))
def test_anything_to_explain_goes_to_django_and_changes_nothing(petition, taken, case):
    make_token, extra, status = HOSTILE[case]
    token = make_token(petition)
    django, lane = _both(_confirm_path(token), **extra)
    assert taken == []
    assert lane.status == status
    _same(lane, django)
    assert not Signature.objects.filter(confirmed_at__isnull=False).exists()
    assert not SignatureTally.objects.exclude(count=0).exists()


def test_a_body_with_a_nul_goes_to_django(petition, taken):
    _signature, token = make_pending_signature(petition, email="amina@example.org")
    answer = post(_confirm_path(token), {"button": "a\x00b"})
    assert (answer.status, taken) == (400, [])
    assert not Signature.objects.filter(confirmed_at__isnull=False).exists()


def test_a_get_is_never_answered_by_the_lane(petition, taken, client):
    _signature, token = make_pending_signature(petition, email="amina@example.org")
    response = client.get(_confirm_path(token))
    assert response.status_code == 200
    assert taken == []
    assert not Signature.objects.filter(confirmed_at__isnull=False).exists()


def test_a_working_withdrawal_link_is_answered_by_the_lane_like_django(petition, taken):
    from awaz.signatures.tokens import new_token

    token, token_hash = new_token()
    signature, _ = make_pending_signature(petition, email="amina@example.org", withdraw_token_hash=token_hash,
                                          confirmed_at=timezone.now())
    SignatureTally.objects.create(petition=petition, country=signature.country, shard=0, count=1)
    django, lane = _both(f"/fr/withdraw/{token}/")
    assert taken == [f"/fr/withdraw/{token}/"]
    assert lane.status == 200
    _same(lane, django)
    assert not Signature.objects.filter(pk=signature.pk).exists()
    assert sum(SignatureTally.objects.filter(petition=petition).values_list("count", flat=True)) == 0
    unknown = post("/fr/withdraw/" + "B" * 32 + "/", {})
    assert (unknown.status, len(taken)) == (404, 1)
