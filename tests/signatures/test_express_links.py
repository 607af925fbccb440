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
from awaz.signatures import confirmed_page, express
from awaz.signatures.models import Signature, SignatureTally
from awaz.transparency.models import LogEntry
from awaz.wsgi import application, django_application
from tests.factories import make_pending_signature, make_petition, make_threshold
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


@pytest.mark.parametrize("language", ["en", "ar"])
def test_a_link_used_twice_counts_once_and_the_second_answer_is_djangos_page(petition, taken, fixed_receipts,
                                                                           language):
    _signature, token = make_pending_signature(petition, email="amina@example.org")
    assert post(_confirm_path(token, language), {}).status == 200
    django, again = _both(_confirm_path(token, language))
    assert taken == [_confirm_path(token, language)] * 2
    assert again.status == 200
    _same(again, django)
    assert "already confirmed" in _in_english(again.body, language)
    assert b"abab" in again.body  # the receipt is shown again
    assert sum(SignatureTally.objects.filter(petition=petition).values_list("count", flat=True)) == 1


def _in_english(body: bytes, language: str) -> str:
    """The page, with the done sentence as English would say it (the test reads one sentence)."""
    from django.utils import translation

    with translation.override(language):
        done = translation.gettext("Your signature was already confirmed. It counts once, and it still counts.")
    return body.decode().replace(done, "already confirmed")


# --- The page prepared once per petition and language (awaz.signatures.confirmed_page) ---------

@pytest.fixture
def prepared(monkeypatch):
    """How many times the lane rendered the confirmed page's template."""
    renders = []
    real = confirmed_page._render_marked

    def counting(*args, **kwargs):
        renders.append(args)
        return real(*args, **kwargs)

    monkeypatch.setattr(confirmed_page, "_render_marked", counting)
    return renders


@pytest.mark.parametrize("language", ["en", "fr", "ja", "ru", "tr", "zh-hans", "ar", "ug", "ug-latn"])
def test_each_signer_gets_djangos_page_from_the_prepared_one(petition, taken, fixed_receipts, prepared, language):
    """Three signers in a row, the count going up: one render, three pages identical to Django's."""
    for n, email in enumerate(["a@example.org", "b@example.org", "c@example.org"], start=1):
        _signature, token = make_pending_signature(petition, email=email, country="FR" if n % 2 else "DE")
        django, lane = _both(_confirm_path(token, language))
        assert lane.status == 200
        _same(lane, django)
        assert token.encode() in lane.body  # the page's own address, in the alternates and the chooser
    assert len(taken) == 3
    assert len(prepared) == 1


def test_a_fixed_goal_a_closing_date_and_a_title_to_escape_are_djangos_too(taken, fixed_receipts, prepared):
    petition = make_petition(goal=5, closes_at=timezone.now() + timedelta(days=9), translations={
        "en": {"title": 'Stop "it" & <them> now', "summary": "s", "body": "b"},
        "ar": {"title": "أوقفوا ذلك & <الآن>", "summary": "s", "body": "b"},
    })
    for language in ["en", "ar", "ug"]:  # ug has no text of its own: the original's title
        for email in ["a@example.org", "b@example.org"]:
            _signature, token = make_pending_signature(petition, email=f"{language}-{email}")
            django, lane = _both(_confirm_path(token, language))
            _same(lane, django)
    assert b"&amp;" in lane.body and b"<them>" not in lane.body
    assert len(prepared) == 3


@pytest.mark.parametrize("mode", [Petition.PrivacyMode.SEALED, Petition.PrivacyMode.COUNT_ONLY])
def test_sealed_and_count_only_petitions_get_djangos_page(taken, fixed_receipts, prepared, mode):
    petition = make_petition(privacy_mode=mode)
    for language in ["en", "ug"]:
        _signature, token = make_pending_signature(petition, email=f"{language}@example.org")
        django, lane = _both(_confirm_path(token, language))
        _same(lane, django)
    assert len(taken) == 2


def test_onion_visitors_get_onion_links_and_the_others_the_header(petition, taken, fixed_receipts, prepared, settings):
    from tests.sealed.test_onion import ONION, ONION_HOST

    settings.ONION_URL = ONION
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, ONION_HOST]
    for n, host in enumerate([ONION_HOST, "127.0.0.1:8000", ONION_HOST]):
        _signature, token = make_pending_signature(petition, email=f"{n}@example.org")
        django, lane = _both(_confirm_path(token, "ug"), HTTP_HOST=host)
        _same(lane, django)
        assert (f"{ONION}/ug/confirm/{token}/".encode() in lane.body) == (host == ONION_HOST)
        assert ("Onion-Location" in lane.headers) == (host != ONION_HOST)
    assert len(taken) == 3
    assert len(prepared) == 2  # one page per link base


def test_the_incident_banner_appears_and_goes_with_the_switch(petition, taken, fixed_receipts, prepared):
    from awaz.core import switches
    from awaz.operations.services import site_switches_set
    from tests.factories import staff_user

    operator = staff_user(username="operator")
    for banner in ["", "Maintenance tonight <b>", ""]:
        site_switches_set(operator=operator, via="admin", paused=False, banner=banner, banner_language="en")
        switches.forget()
        _signature, token = make_pending_signature(petition, email=f"{len(taken)}@example.org")
        django, lane = _both(_confirm_path(token, "ar"))
        _same(lane, django)
        assert (b"Maintenance tonight &lt;b&gt;" in lane.body) == bool(banner)
    assert len(taken) == 3


def test_a_petition_closed_since_the_first_confirmation_shows_its_result(petition, taken, fixed_receipts, prepared):
    _signature, token = make_pending_signature(petition, email="amina@example.org")
    assert post(_confirm_path(token, "fr"), {}).status == 200
    Petition.objects.filter(pk=petition.pk).update(status=Petition.Status.CLOSED, closed_at=timezone.now())
    django, again = _both(_confirm_path(token, "fr"))
    assert len(taken) == 2
    _same(again, django)
    assert b"count-closed" in again.body


def test_a_signature_held_for_review_gets_its_own_receipt_from_the_lane(petition, taken, prepared):
    from awaz.signatures.models import Signature

    signature, token = make_pending_signature(petition, email="held@example.org", held_at=timezone.now())
    answer = post(_confirm_path(token, "ug"), {})
    assert (answer.status, len(taken)) == (200, 1)
    receipt = Signature.objects.get(pk=signature.pk).held_receipt
    assert receipt and "-".join(receipt[i:i + 4] for i in range(0, 32, 4)).encode() in answer.body
    django, again = _both(_confirm_path(token, "ug"))
    _same(again, django)


def test_no_token_receipt_or_count_is_kept_in_the_prepared_pages(petition, taken, prepared):
    bodies, tokens = [], []
    for email in ["a@example.org", "b@example.org"]:
        _signature, token = make_pending_signature(petition, email=email)
        bodies.append(post(_confirm_path(token), {}).body)
        tokens.append(token)
    receipts = list(LogEntry.objects.values_list("receipt", flat=True))
    assert len(set(receipts)) == 2
    kept = "".join(piece for pieces in confirmed_page._pages.values() for piece in pieces if isinstance(piece, str))
    for token, receipt, body in zip(tokens, receipts, bodies, strict=True):
        printed = "-".join(receipt[i:i + 4] for i in range(0, len(receipt), 4))
        assert token.encode() in body and printed.encode() in body
        assert token not in kept and printed not in kept
    assert b"1 person has signed" in bodies[0] and b"2 people have signed" in bodies[1]
    assert "signed" not in kept.split("data-count-text>")[1][:40]  # the sentence is filled in, not kept


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
