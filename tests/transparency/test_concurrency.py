"""On PostgreSQL, with one connection per thread: racing confirmations give exactly one entry each,
and two workers appending at once never give two entries the same position."""

import threading

import pytest
from django.db import connection

from awaz.signatures import services as signature_services
from awaz.transparency.models import LogEntry, LogState
from awaz.transparency.tiles import log_append
from tests.factories import make_signature
from tests.fraud.test_invalidate_concurrency import Worker, with_token
from tests.transparency.helpers import verify

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs concurrent writers (PostgreSQL)"),
]


def test_concurrent_confirmations_give_exactly_one_entry_each(client, petition):
    pending = [make_signature(petition, confirmed=False) for _ in range(24)]
    tokens = [with_token(s) for s in pending]
    start = threading.Barrier(6)

    def confirm_all(chunk):
        start.wait()
        return [signature_services.signature_confirm(token=t)[0] for t in chunk]

    # Every token is confirmed by two threads at once (a double click, a retried request).
    workers = [Worker(lambda chunk=tokens[i::3]: confirm_all(chunk)) for i in range(3) for _copy in range(2)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(30)
    assert all(worker.error is None for worker in workers), [w.error for w in workers]
    additions = LogEntry.objects.filter(petition=petition, kind="add")
    assert additions.count() == 24
    assert sorted(additions.values_list("signature_id", flat=True)) == sorted(s.pk for s in pending)
    assert len(set(additions.values_list("receipt", flat=True))) == 24


def test_two_workers_appending_at_once_give_each_entry_one_position(client, petition):
    for _ in range(40):
        make_signature(petition)
    start = threading.Barrier(2)

    def append():
        start.wait()
        return log_append(petition=petition, limit=7)

    workers = [Worker(append) for _ in range(2)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(30)
    assert all(worker.error is None for worker in workers), [w.error for w in workers]
    assert sum(worker.result for worker in workers) == 40
    assert sorted(LogEntry.objects.values_list("index", flat=True)) == list(range(40))
    assert LogState.objects.get(pk=petition.pk).size == 40
    assert verify(client, petition)[0].tally.count == 40
