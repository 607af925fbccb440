"""PostgreSQL's one-statement confirmation (awaz.signatures.confirmations) writes what the
transaction of the ORM path writes, row for row, and refuses what it refuses."""

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.db import connection
from django.utils import timezone

from awaz.petitions.models import Petition
from awaz.signatures import services
from awaz.signatures.counts import petition_numbers
from awaz.signatures.models import Signature, SignatureTally
from awaz.signatures.tokens import new_token
from awaz.transparency.models import LogEntry
from awaz.webhooks.models import Event
from tests.factories import make_petition, make_signature

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="the one statement is PostgreSQL's"),
]


def pending_with_token(petition, **fields):
    signature = make_signature(petition, confirmed=False, **fields)
    token, token_hash = new_token()
    Signature.objects.filter(pk=signature.pk).update(confirm_token_hash=token_hash, token_sent_at=timezone.now())
    return signature, token_hash


def written_for(signature_id: int) -> dict:
    entry = LogEntry.objects.get(signature_id=signature_id)
    event = Event.objects.get(signature_id=signature_id)
    return {
        "log": (entry.petition_id, entry.kind, entry.hour, entry.index, entry.removes_id, entry.reason,
                len(entry.receipt)),
        "event": (event.organization_id, event.petition_id, event.kind, event.contact, event.number, event.alert_id,
                  event.fanned_out_at),
        "confirmed": Signature.objects.get(pk=signature_id).confirmed_at is not None,
    }


def test_it_writes_what_the_transaction_writes():
    petition = make_petition()
    one, one_hash = pending_with_token(petition, country="FR", organization_contact=True)
    other, other_hash = pending_with_token(petition, country="FR", organization_contact=True)

    by_statement = services._confirm_in_one_statement(one_hash)
    by_orm = services._confirm_in_a_transaction(other_hash)

    mine, theirs = written_for(one.pk), written_for(other.pk)
    assert mine["event"] == theirs["event"]
    assert mine["log"] == theirs["log"]  # an hour apart only at the turn of an hour, in theory
    assert mine["confirmed"] and theirs["confirmed"]
    assert sum(SignatureTally.objects.filter(petition=petition).values_list("count", flat=True)) == 2
    assert len(by_statement.receipt_logged) == len(by_orm.receipt_logged) == 32
    assert LogEntry.objects.get(signature_id=one.pk).receipt == by_statement.receipt_logged


def test_the_petition_it_returns_is_the_stored_one():
    petition = make_petition(goal=7500, closes_at=timezone.now() + timedelta(days=3))
    _, token_hash = pending_with_token(petition)

    signature = services._confirm_in_one_statement(token_hash)

    stored = Petition.objects.get(pk=petition.pk)
    assert {f.attname: getattr(signature.petition, f.attname) for f in Petition._meta.concrete_fields} == \
        {f.attname: getattr(stored, f.attname) for f in Petition._meta.concrete_fields}


def test_its_count_includes_the_confirmation_and_is_the_tallies():
    petition = make_petition()
    make_signature(petition, country="DE")
    make_signature(petition, country="FR")
    _, token_hash = pending_with_token(petition, country="FR")

    signature = services._confirm_in_one_statement(token_hash)

    assert signature.numbers_counted.total == 3
    cache.clear()
    assert petition_numbers(petition.pk) == signature.numbers_counted  # what the tallies say
    assert sum(SignatureTally.objects.filter(petition=petition).values_list("count", flat=True)) == 3


@pytest.mark.parametrize("change", ["closed", "closing date passed", "draft", "held", "expired", "confirmed"])
def test_it_changes_nothing_for_a_link_that_does_not_work(change):
    petition = make_petition()
    signature, token_hash = pending_with_token(petition)
    if change == "closed":
        Petition.objects.filter(pk=petition.pk).update(status=Petition.Status.CLOSED)
    elif change == "closing date passed":
        Petition.objects.filter(pk=petition.pk).update(closes_at=timezone.now() - timedelta(seconds=1))
    elif change == "draft":
        Petition.objects.filter(pk=petition.pk).update(status=Petition.Status.DRAFT)
    elif change == "held":
        Signature.objects.filter(pk=signature.pk).update(held_at=timezone.now())
    elif change == "expired":
        Signature.objects.filter(pk=signature.pk).update(token_sent_at=timezone.now() - timedelta(days=400))
    else:
        services._confirm_in_one_statement(token_hash)
    tallies = sum(SignatureTally.objects.filter(petition=petition).values_list("count", flat=True))
    entries, events = LogEntry.objects.count(), Event.objects.count()

    assert services._confirm_in_one_statement(token_hash) is None

    assert sum(SignatureTally.objects.filter(petition=petition).values_list("count", flat=True)) == tallies
    assert (LogEntry.objects.count(), Event.objects.count()) == (entries, events)
    if change != "confirmed":
        assert Signature.objects.get(pk=signature.pk).confirmed_at is None


def test_a_confirmation_on_postgresql_takes_the_one_statement(monkeypatch):
    petition = make_petition()
    _, token_hash = pending_with_token(petition)
    monkeypatch.setattr(services, "_confirm_in_a_transaction", lambda hash_: pytest.fail("the ORM path ran"))

    assert services._confirm_by_token(token_hash) is not None
