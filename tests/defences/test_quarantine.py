"""Held for review (issue #17): the signer of a held signature sees and receives exactly what
any signer does, and nobody else sees it counted until a moderator releases it."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext

from awaz.defences import rules
from awaz.defences.models import Decision, Rule
from awaz.defences.services import rule_add
from awaz.fraud.quarantine import DecisionRefused, held_signatures_release, held_signatures_remove
from awaz.signatures import express, inserts
from awaz.signatures.models import Signature
from tests.defences.helpers import public_numbers
from tests.factories import link_from_email, sign_form_data
from tests.signatures.test_express import post, sign_path

pytestmark = pytest.mark.django_db

FLOOD = "198.51.100.7"
ELSEWHERE = "192.0.2.1"


@pytest.fixture
def moderator(db):
    return get_user_model().objects.create_user(username="moderator", email="moderator@example.org", is_staff=True)


@pytest.fixture
def flood_held(moderator):
    rule = rule_add(actor=moderator, kind=Rule.Kind.NETWORK, value="198.51.100.0/24", effect=Rule.Effect.QUARANTINE)
    rules.forget()
    return rule


def _shape(sql: str) -> str:
    """A statement without its values (a held row's held_at is a value where others have NULL:
    the same prepared statement)."""
    sql = re.sub(r"'(?:[^']|'')*'", "?", sql)
    return re.sub(r"\b(\d+(\.\d+)?|NULL)\b", "?", sql)


def _sign(monkeypatch, capture, petition, ip, email):
    """One signature through the express lane: its answer, its statements, what it queued, its email."""
    statements = []
    real = inserts._execute
    monkeypatch.setattr(inserts, "_execute", lambda db, rows: statements.append(("upsert", len(rows))) or real(db, rows))
    express._petitions.clear()
    rules.forget()
    before = len(mail.outbox)
    with CaptureQueriesContext(connection) as queries, capture(execute=False) as callbacks:
        answer = post(sign_path(petition), sign_form_data(petition, email=email), REMOTE_ADDR=ip)
    monkeypatch.setattr(inserts, "_execute", real)
    for callback in callbacks:  # the worker's part: the email
        callback()
    assert len(mail.outbox) == before + 1
    work = statements + [_shape(q["sql"]) for q in queries.captured_queries]
    queued = [getattr(c, "__qualname__", repr(c)) for c in callbacks]
    return answer, work, queued, mail.outbox[-1]


def _email_shape(message, email):
    body = re.sub(r"/[a-z-]+/(confirm|withdraw)/[A-Za-z0-9_-]+/", r"/\1/TOKEN/", message.body).replace(email, "EMAIL")
    html = re.sub(r"/[a-z-]+/(confirm|withdraw)/[A-Za-z0-9_-]+/", r"/\1/TOKEN/", message.alternatives[0][0])
    headers = sorted(k for k in message.extra_headers if k not in ("Message-ID", "Date"))
    return message.subject, body, html.replace(email, "EMAIL"), headers, message.from_email, message.reply_to


def test_a_held_signature_gets_the_ordinary_answer_work_and_email(petition, flood_held, monkeypatch,
                                                                 django_capture_on_commit_callbacks):
    capture = django_capture_on_commit_callbacks
    with capture(execute=True):
        post(sign_path(petition), sign_form_data(petition, email="warm-up@example.org"), REMOTE_ADDR=ELSEWHERE)
    ordinary = _sign(monkeypatch, capture, petition, ELSEWHERE, "ordinary@example.org")
    held = _sign(monkeypatch, capture, petition, FLOOD, "held@example.org")

    assert (held[0].status, held[0].headers, held[0].body) == (ordinary[0].status, ordinary[0].headers, ordinary[0].body)
    assert ("upsert", 1) in held[1]
    assert held[1] == ordinary[1]
    assert held[2] == ordinary[2]
    assert _email_shape(held[3], "held@example.org") == _email_shape(ordinary[3], "ordinary@example.org")
    assert Signature.objects.get(email_index__isnull=False, held_at__isnull=False).email == "held@example.org"


def test_a_confirmed_held_signature_shows_the_ordinary_thanks_and_is_not_counted(client, petition, flood_held,
                                                                                django_capture_on_commit_callbacks):
    capture = django_capture_on_commit_callbacks
    pages = []
    for ip, email in ((ELSEWHERE, "ordinary@example.org"), (FLOOD, "held@example.org")):
        with capture(execute=True):
            client.post(sign_path(petition), sign_form_data(petition, email=email), REMOTE_ADDR=ip)
        path = link_from_email(mail.outbox[-1], "confirm")
        shown = client.get(path)
        with capture(execute=True):
            confirmed = client.post(path)
        again = client.post(path)
        pages.append((shown.status_code, confirmed.status_code, again.status_code,
                      "Receipt" in confirmed.content.decode() or "receipt" in confirmed.content.decode()))
    assert pages[0] == pages[1] == (200, 200, 200, True)
    held = Signature.objects.get(held_at__isnull=False)
    assert held.confirmed_at is None and held.held_confirmed_at is not None
    assert public_numbers(client, petition) == {"count": 1, "data": 1, "log": 1, "removed": 0}


def test_signing_again_with_a_confirmed_held_address_gets_already_signed(client, petition, flood_held,
                                                                         django_capture_on_commit_callbacks):
    capture = django_capture_on_commit_callbacks
    with capture(execute=True):
        client.post(sign_path(petition), sign_form_data(petition, email="held@example.org"), REMOTE_ADDR=FLOOD)
    with capture(execute=True):
        client.post(link_from_email(mail.outbox[-1], "confirm"))
    Signature.objects.update(last_email_at=None)
    with capture(execute=True):
        client.post(sign_path(petition), sign_form_data(petition, email="held@example.org"), REMOTE_ADDR=ELSEWHERE)
    assert "already signed" in mail.outbox[-1].subject


def _held_signatures(client, petition, capture, n, *, confirm=True):
    for i in range(n):
        with capture(execute=True):
            client.post(sign_path(petition), sign_form_data(petition, email=f"held{i}@example.org"), REMOTE_ADDR=FLOOD)
        if confirm:
            with capture(execute=True):
                client.post(link_from_email(mail.outbox[-1], "confirm"))
    return list(Signature.objects.held().filter(petition=petition).values_list("pk", flat=True))


def test_a_release_counts_confirmed_ones_once_with_the_receipt_their_signer_saw(client, petition, flood_held, moderator,
                                                                               django_capture_on_commit_callbacks):
    capture = django_capture_on_commit_callbacks
    ids = _held_signatures(client, petition, capture, 2)
    receipt = Signature.objects.get(pk=ids[0]).held_receipt
    assert public_numbers(client, petition)["count"] == 0
    with capture(execute=True):
        assert held_signatures_release(petition=petition, signature_ids=ids, actor=moderator) == 2
        assert held_signatures_release(petition=petition, signature_ids=ids, actor=moderator) == 0
    assert public_numbers(client, petition) == {"count": 2, "data": 2, "log": 2, "removed": 0}
    from awaz.transparency.models import LogEntry

    assert LogEntry.objects.filter(signature_id=ids[0]).values_list("receipt", flat=True).get() == receipt
    decision = Decision.objects.get(action=Decision.Action.RELEASED)
    assert (decision.rows, decision.actor_name) == (2, "moderator")


def test_a_released_unconfirmed_signature_counts_when_its_signer_confirms(client, petition, flood_held, moderator,
                                                                         django_capture_on_commit_callbacks):
    capture = django_capture_on_commit_callbacks
    ids = _held_signatures(client, petition, capture, 1, confirm=False)
    link = link_from_email(mail.outbox[-1], "confirm")
    held_signatures_release(petition=petition, signature_ids=ids, actor=moderator)
    assert public_numbers(client, petition)["count"] == 0
    with capture(execute=True):
        client.post(link)
    assert public_numbers(client, petition)["count"] == 1


def test_a_removal_deletes_held_signatures_and_shows_publicly(client, petition, flood_held, moderator,
                                                             django_capture_on_commit_callbacks):
    capture = django_capture_on_commit_callbacks
    ids = _held_signatures(client, petition, capture, 3)
    assert held_signatures_remove(petition=petition, signature_ids=ids, reason="flood", actor=moderator) == 3
    assert Signature.objects.filter(pk__in=ids).count() == 0
    numbers = public_numbers(client, petition)
    assert numbers == {"count": 0, "data": 0, "log": 0, "removed": 3}
    data = client.get(f"/en/petitions/{petition.slug}/data.json").json()
    assert data["removed_as_fraudulent"]["by_reason"] == {"flood": 3}
    with pytest.raises(DecisionRefused):
        held_signatures_remove(petition=petition, signature_ids=ids, reason="other", actor=moderator)


def test_a_removal_never_touches_counted_signatures(client, petition, flood_held, moderator,
                                                   django_capture_on_commit_callbacks):
    capture = django_capture_on_commit_callbacks
    with capture(execute=True):
        client.post(sign_path(petition), sign_form_data(petition, email="real@example.org"), REMOTE_ADDR=ELSEWHERE)
    with capture(execute=True):
        client.post(link_from_email(mail.outbox[-1], "confirm"))
    counted = Signature.objects.get().pk
    assert held_signatures_remove(petition=petition, signature_ids=[counted], reason="flood", actor=moderator) == 0
    assert public_numbers(client, petition)["count"] == 1


def test_a_withdrawn_held_signature_changes_no_count(client, petition, flood_held, django_capture_on_commit_callbacks):
    capture = django_capture_on_commit_callbacks
    _held_signatures(client, petition, capture, 1)
    with capture(execute=True):
        client.post(link_from_email(mail.outbox[-1], "withdraw"))
    assert Signature.objects.count() == 0
    assert public_numbers(client, petition)["count"] == 0
