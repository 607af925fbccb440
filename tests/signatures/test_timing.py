"""Issue #10 item 4: the time an answer takes must not tell who signed.

A first signature and a repeat run the same statements (one upsert, awaz.signatures.inserts)
and queue the same work; a "send it again" for a known and for an unknown address both write
one request row that the worker looks up. bench/timing.py measures the times themselves.
"""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from awaz.signatures import express, inserts
from awaz.signatures.models import ResendRequest, Signature
from tests.factories import sign_form_data
from tests.signatures.helpers import sign, sign_and_confirm
from tests.signatures.test_express import post, sign_path

pytestmark = pytest.mark.django_db


def _shape(sql: str) -> str:
    """A statement without its values: what the database is asked to do."""
    sql = re.sub(r"'(?:[^']|'')*'", "?", sql)
    return re.sub(r"\b\d+(\.\d+)?\b", "?", sql)


def _work(monkeypatch, capture, send):
    """The statements one request runs (Django's and the raw prepared insert) and what it queues."""
    statements = []
    real = inserts._execute
    monkeypatch.setattr(inserts, "_execute", lambda db, rows: statements.append(("upsert", len(rows))) or real(db, rows))
    express._petitions.clear()  # each request reads the petition, as the first in a second does
    with CaptureQueriesContext(connection) as queries, capture(execute=False) as callbacks:
        answer = send()
    monkeypatch.setattr(inserts, "_execute", real)
    queued = [getattr(callback, "__qualname__", repr(callback)) for callback in callbacks]
    return answer, statements + [_shape(query["sql"]) for query in queries.captured_queries], queued


@pytest.mark.parametrize("confirmed", [False, True])
def test_a_repeat_signature_does_the_same_work_as_a_first_one(client, petition, monkeypatch,
                                                             django_capture_on_commit_callbacks, confirmed):
    capture = django_capture_on_commit_callbacks
    if confirmed:
        sign_and_confirm(client, petition, capture, email="known@example.org")
    else:
        sign(client, petition, capture, email="known@example.org")
    post(sign_path(petition), sign_form_data(petition, email="warm-up@example.org"))  # connections, keys, caches

    first, first_work, first_queued = _work(
        monkeypatch, capture, lambda: post(sign_path(petition), sign_form_data(petition, email="new@example.org")))
    repeat, repeat_work, repeat_queued = _work(
        monkeypatch, capture, lambda: post(sign_path(petition), sign_form_data(petition, email="Known@example.org")))

    assert (first.status, first.headers["Location"]) == (repeat.status, repeat.headers["Location"])
    assert ("upsert", 1) in first_work
    assert first_work == repeat_work
    assert first_queued == repeat_queued and len(first_queued) == 1
    assert Signature.objects.count() == 3


def test_the_worker_sends_a_repeat_its_email_within_the_limits(client, petition, django_capture_on_commit_callbacks):
    capture = django_capture_on_commit_callbacks
    sign_and_confirm(client, petition, capture)
    sign(client, petition, capture)  # within the pause: nothing more
    assert len(mail.outbox) == 1
    Signature.objects.update(last_email_at=timezone.now() - timedelta(hours=1))
    sign(client, petition, capture)
    assert len(mail.outbox) == 2
    assert "already signed" in mail.outbox[-1].subject
    assert Signature.objects.get().emails_sent == 2


def test_send_it_again_does_the_same_work_for_known_and_unknown_addresses(client, petition, monkeypatch,
                                                                          django_capture_on_commit_callbacks):
    capture = django_capture_on_commit_callbacks
    sign(client, petition, capture, email="known@example.org")
    Signature.objects.update(last_email_at=timezone.now() - timedelta(hours=1))
    path = f"/en/petitions/{petition.slug}/resend/"
    client.post(path, {"email": "warm-up@example.org"})

    known, known_work, known_queued = _work(monkeypatch, capture, lambda: client.post(path, {"email": "known@example.org"}))
    unknown, unknown_work, unknown_queued = _work(
        monkeypatch, capture, lambda: client.post(path, {"email": "nobody@example.org"}))

    assert known.status_code == unknown.status_code == 200
    assert known.content == unknown.content
    assert known_work == unknown_work
    assert any(statement.startswith("INSERT") for statement in known_work)
    assert known_queued == unknown_queued and len(known_queued) == 1
    assert ResendRequest.objects.count() == 3  # recorded; the worker has not looked yet
    assert len(mail.outbox) == 1


def test_the_worker_answers_send_it_again_only_for_a_known_address(client, petition, django_capture_on_commit_callbacks):
    capture = django_capture_on_commit_callbacks
    sign(client, petition, capture, email="known@example.org")
    Signature.objects.update(last_email_at=timezone.now() - timedelta(hours=1))
    path = f"/en/petitions/{petition.slug}/resend/"
    with capture(execute=True):
        client.post(path, {"email": "nobody@example.org"})
        client.post(path, {"email": "Known@example.org"})
    assert len(mail.outbox) == 2
    assert mail.outbox[-1].to == ["known@example.org"] and "/confirm/" in mail.outbox[-1].body
    assert ResendRequest.objects.count() == 0  # handled and gone
