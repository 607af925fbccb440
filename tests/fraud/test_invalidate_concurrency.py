"""Invalidation racing with confirmations, on PostgreSQL with one connection per thread.

SQLite runs one writer at a time (transactions begin IMMEDIATE), so there is no race to test.
"""

import threading
import time

import pytest
from django.db import connection, transaction
from django.utils import timezone

from awaz.fraud import services
from awaz.fraud.criteria import Criteria
from awaz.signatures import services as signature_services
from awaz.signatures.counts import petition_numbers
from awaz.signatures.models import Signature, SignatureTally
from awaz.signatures.tokens import new_token
from tests.factories import make_petition
from tests.factories import make_signature, staff_user

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs row locks (PostgreSQL)"),
]

FLOOD = Criteria(network_hash="3fff")
WAIT = 10


def tally_total(petition) -> int:
    return sum(SignatureTally.objects.filter(petition=petition).values_list("count", flat=True))


def with_token(signature) -> str:
    token, token_hash = new_token()
    Signature.objects.filter(pk=signature.pk).update(confirm_token_hash=token_hash, token_sent_at=timezone.now())
    return token


class Worker(threading.Thread):
    """Runs `target` on its own database connection and keeps its result or exception."""

    def __init__(self, target):
        super().__init__(daemon=True)
        self.target, self.result, self.error = target, None, None

    def run(self):
        try:
            self.result = self.target()
        except BaseException as exc:  # reported by the test thread
            self.error = exc
        finally:
            connection.close()


def pausing(real, reached: threading.Event, release: threading.Event):
    """`real`, then hold the transaction open until the test says so."""

    def wrapper(**kwargs):
        real(**kwargs)
        if not reached.is_set():
            reached.set()
            assert release.wait(WAIT)

    return wrapper


def test_it_stays_exact_when_a_confirmation_arrives_during_the_invalidation(monkeypatch):
    petition = make_petition()
    make_signature(petition, network="3fff", country="DE")
    pending = make_signature(petition, network="3fff", country="FR", confirmed=False)
    token = with_token(pending)
    user = staff_user()
    reached, release = threading.Event(), threading.Event()
    monkeypatch.setattr(services, "tally_add", pausing(services.tally_add, reached, release))

    invalidation = Worker(lambda: services.signatures_invalidate(petition=petition, criteria=FLOOD, reason="flood", operator=user))
    invalidation.start()
    assert reached.wait(WAIT)  # rows deleted and locked, transaction still open
    confirmation = Worker(lambda: signature_services.signature_confirm(token=token))
    confirmation.start()
    time.sleep(0.5)
    assert confirmation.is_alive(), "the confirmation should wait for the locked row"
    release.set()
    invalidation.join(WAIT)
    confirmation.join(WAIT)
    assert invalidation.error is None and confirmation.error is None

    entry = invalidation.result
    assert (entry.confirmed_removed, entry.unconfirmed_removed) == (1, 1)
    assert not Signature.objects.filter(petition=petition).exists()
    assert tally_total(petition) == 0
    assert petition_numbers(petition.pk).total == 0


def test_it_counts_a_confirmation_that_commits_while_the_invalidation_waits():
    petition = make_petition()
    make_signature(petition, network="3fff", country="DE")
    pending = make_signature(petition, network="3fff", country="FR", confirmed=False)
    token = with_token(pending)
    user = staff_user()
    reached, release = threading.Event(), threading.Event()

    def confirm_and_hold():
        # On PostgreSQL a working link is one statement (awaz.signatures.confirmations), with
        # no step inside to pause at: an enclosing transaction holds its changes, locks
        # included, uncommitted until the test says so.
        with transaction.atomic():
            signature_services.signature_confirm(token=token)
            reached.set()
            assert release.wait(WAIT)

    confirmation = Worker(confirm_and_hold)
    confirmation.start()
    assert reached.wait(WAIT)  # confirmed and counted, transaction still open
    invalidation = Worker(lambda: services.signatures_invalidate(petition=petition, criteria=FLOOD, reason="flood", operator=user))
    invalidation.start()
    time.sleep(0.5)
    assert invalidation.is_alive(), "the invalidation should wait for the row being confirmed"
    release.set()
    confirmation.join(WAIT)
    invalidation.join(WAIT)
    assert invalidation.error is None and confirmation.error is None

    entry = invalidation.result
    assert (entry.confirmed_removed, entry.unconfirmed_removed) == (2, 0)
    assert tally_total(petition) == 0
    assert SignatureTally.objects.filter(petition=petition, country="FR").exists()
    assert petition_numbers(petition.pk).total == 0


def test_it_keeps_tallies_and_signatures_in_agreement_under_load():
    petition = make_petition()
    pending = [make_signature(petition, network="3fff", country=c, confirmed=False) for c in ["DE", "FR", "TR", "JP"] * 6]
    tokens = [with_token(s) for s in pending]
    keep = make_signature(petition, network="a" * 32)
    user = staff_user()

    def confirm_all(chunk):
        return [signature_services.signature_confirm(token=t)[0] for t in chunk]

    confirmers = [Worker(lambda chunk=tokens[i::4]: confirm_all(chunk)) for i in range(4)]
    invalidation = Worker(lambda: services.signatures_invalidate(petition=petition, criteria=FLOOD, reason="flood", operator=user))
    for worker in confirmers[:2]:
        worker.start()
    invalidation.start()
    for worker in confirmers[2:]:
        worker.start()
    for worker in [*confirmers, invalidation]:
        worker.join(30)
        assert worker.error is None

    confirmed_now = sum(state == signature_services.LinkState.VALID for w in confirmers for state in w.result)
    assert Signature.objects.filter(petition=petition).get() == keep
    assert tally_total(petition) == 1 == confirmed_now + 1 - invalidation.result.confirmed_removed
    assert invalidation.result.total_removed == 24
