"""Releasing held signatures concurrently counts each exactly once (issue #17), on PostgreSQL with
one connection per thread. SQLite runs one writer at a time, so there is no race to test."""

import threading

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.utils import timezone

from awaz.fraud.quarantine import held_signatures_release
from awaz.signatures import services as signature_services
from awaz.signatures.models import Signature, SignatureTally
from awaz.signatures.services import SignerDetails, signature_submit
from awaz.signatures.tokens import new_token
from awaz.transparency.models import LogEntry
from tests.factories import make_petition

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs concurrent writers (PostgreSQL)"),
]

THREADS = 8


def _held(petition, n, rule_id=None):
    for i in range(n):
        signature_submit(petition=petition, details=SignerDetails(name="Signer", email=f"h{i}@example.org", country="DE"),
                         language="en", held_rule_id=rule_id or _rule().pk)
    ids = list(Signature.objects.held().filter(petition=petition).values_list("pk", flat=True))
    for pk in ids:  # each signer confirmed: held, not counted
        token, token_hash = new_token()
        Signature.objects.filter(pk=pk).update(confirm_token_hash=token_hash, token_sent_at=timezone.now())
        assert signature_services.signature_confirm(token=token)[0] is signature_services.LinkState.VALID
    return ids


def _rule():
    from awaz.defences.models import Rule

    return Rule.objects.get_or_create(kind="network", value="198.51.100.0/24", effect="quarantine")[0]


def test_concurrent_releases_count_each_signature_once():
    petition = make_petition()
    moderator = get_user_model().objects.create_user(username="moderator", email="m@example.org")
    ids = _held(petition, 20)
    assert sum(SignatureTally.objects.filter(petition=petition).values_list("count", flat=True)) == 0

    start = threading.Barrier(THREADS)
    results, errors = [], []

    def release():
        try:
            start.wait(10)
            results.append(held_signatures_release(petition=petition, signature_ids=ids, actor=moderator))
        except BaseException as error:  # reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=release, daemon=True) for _ in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert errors == []
    assert sum(results) == 20
    assert sum(SignatureTally.objects.filter(petition=petition).values_list("count", flat=True)) == 20
    assert LogEntry.objects.filter(petition=petition, kind=LogEntry.Kind.ADDITION).count() == 20
    assert Signature.objects.held().filter(petition=petition).count() == 0
    assert Signature.objects.confirmed().filter(petition=petition).count() == 20


def test_a_release_racing_with_the_signers_confirmation_counts_once():
    petition = make_petition()
    moderator = get_user_model().objects.create_user(username="moderator", email="m@example.org")
    for round_ in range(10):
        signature_submit(petition=petition, details=SignerDetails(name="S", email=f"r{round_}@example.org", country="DE"),
                         language="en", held_rule_id=_rule().pk)
        pk = Signature.objects.filter(petition=petition).latest("pk").pk
        token, token_hash = new_token()
        Signature.objects.filter(pk=pk).update(confirm_token_hash=token_hash, token_sent_at=timezone.now())
        start = threading.Barrier(2)

        def confirm():
            start.wait(10)
            try:
                signature_services.signature_confirm(token=token)
            finally:
                connection.close()

        def release():
            start.wait(10)
            try:
                held_signatures_release(petition=petition, signature_ids=[pk], actor=moderator)
            finally:
                connection.close()

        threads = [threading.Thread(target=confirm, daemon=True), threading.Thread(target=release, daemon=True)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(30)
        signature = Signature.objects.get(pk=pk)
        counted = sum(SignatureTally.objects.filter(petition=petition).values_list("count", flat=True))
        # Whichever went first, the signature ends released, confirmed, and counted once.
        assert (signature.held_at, signature.confirmed_at is not None) == (None, True)
        assert counted == round_ + 1
        assert LogEntry.objects.filter(petition=petition, kind=LogEntry.Kind.ADDITION).count() == round_ + 1
