"""New signatures from many threads at once (awaz.signatures.inserts): on PostgreSQL the threads
share statements (group commit); every thread must still learn whether its own row went in."""

import threading

import pytest
from django.db import connection, transaction
from django.utils import timezone

from awaz.signatures import inserts
from awaz.signatures.models import Signature
from tests.factories import make_petition

THREADS = 16


def _values(petition, email: str) -> dict:
    now = timezone.now()
    return {
        "petition": petition.pk, "email_index": f"index:{email}", "name": "Signer", "email": email, "comment": None,
        "email_domain": "example.org", "network_hash": "", "country": "FR", "language": "en", "show_publicly": False,
        "wants_updates": False, "is_demo": False, "created_at": now, "confirmation_due": True, "emails_sent": 1,
        "last_email_at": now,
    }


@pytest.mark.django_db(transaction=True)
def test_concurrent_inserts_each_learn_their_own_outcome(monkeypatch):
    petition = make_petition()
    statements = []
    real = inserts._execute
    monkeypatch.setattr(inserts, "_execute", lambda db, rows: statements.append(len(rows)) or real(db, rows))
    # Every address twice: one of each pair goes in, the other finds it (the same id, the same work).
    emails = [f"signer{i // 2}@example.org" for i in range(THREADS * 4)]
    results, errors = {}, []
    barrier = threading.Barrier(THREADS)

    def signer(n):
        try:
            barrier.wait()
            for email in emails[n::THREADS]:
                results[(n, email)] = inserts.insert_signature_row(_values(petition, email))
        except Exception as exc:
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=signer, args=(n,)) for n in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    stored = dict(Signature.objects.filter(petition=petition).values_list("email_index", "pk"))
    assert len(stored) == len(set(emails))
    for email in set(emails):
        outcomes = [pk for (n, e), pk in results.items() if e == email]
        assert outcomes == [stored[f"index:{email}"]] * 2
    assert sum(statements) == len(emails)
    # The repeats came within the email pause: no second email was put in the outbox.
    assert set(Signature.objects.filter(petition=petition).values_list("emails_sent", flat=True)) == {1}
    if connection.vendor == "postgresql":
        assert len(statements) < len(emails)  # some rows shared a statement and a commit


@pytest.mark.django_db(transaction=True)
def test_a_row_inserted_inside_a_transaction_goes_with_that_transaction():
    petition = make_petition()
    with pytest.raises(RuntimeError), transaction.atomic():
        assert inserts.insert_signature_row(_values(petition, "kept@example.org")) is not None
        raise RuntimeError("rolled back")
    assert not Signature.objects.exists()


@pytest.mark.django_db
def test_a_failed_statement_reaches_every_thread_that_waited_on_it(monkeypatch):
    group = inserts._GroupCommit()
    pending = [inserts._Pending(["row", i]) for i in range(3)]
    group.queue = list(pending)
    group.busy = True

    def failing(db, rows):
        raise ConnectionError("database gone")

    monkeypatch.setattr(inserts, "_execute", failing)
    group._lead(connection)
    assert all(isinstance(p.error, ConnectionError) and p.done.is_set() for p in pending)
    assert group.busy is False and group.queue == []
