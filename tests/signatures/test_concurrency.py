"""Concurrent confirmations neither lose nor double a signature (real threads, real connections)."""

import threading

import pytest
from django.db import connection

from awaz.signatures.counts import petition_numbers
from awaz.signatures.models import Signature, SignatureTally
from awaz.signatures.services import LinkState, signature_confirm
from tests.factories import make_pending_signature, make_petition

THREADS = 8


def _run_in_threads(functions):
    errors = []
    barrier = threading.Barrier(len(functions))

    def runner(function):
        try:
            barrier.wait()
            function()
        except Exception as exc:  # collected and re-raised in the test's thread
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=runner, args=(f,)) for f in functions]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not errors, errors


@pytest.mark.django_db(transaction=True)
def test_it_counts_every_concurrent_confirmation_exactly_once():
    petition = make_petition()
    tokens = [make_pending_signature(petition, email=f"s{n}@example.org", country=("DE", "FR")[n % 2])[1] for n in range(40)]
    groups = [tokens[i::THREADS] for i in range(THREADS)]
    _run_in_threads([lambda g=g: [signature_confirm(token=t) for t in g] for g in groups])
    assert Signature.objects.confirmed().count() == 40
    assert sum(SignatureTally.objects.values_list("count", flat=True)) == 40
    assert petition_numbers(petition.pk).total == 40
    assert dict(petition_numbers(petition.pk).by_country) == {"DE": 20, "FR": 20}


@pytest.mark.django_db(transaction=True)
def test_it_counts_a_signature_confirmed_by_many_clicks_at_once_only_once():
    petition = make_petition()
    _, token = make_pending_signature(petition, email="once@example.org")
    results = []
    _run_in_threads([lambda: results.append(signature_confirm(token=token)[0]) for _ in range(THREADS)])
    assert results.count(LinkState.VALID) == 1
    assert set(results) <= {LinkState.VALID, LinkState.DONE}
    assert sum(SignatureTally.objects.values_list("count", flat=True)) == 1
