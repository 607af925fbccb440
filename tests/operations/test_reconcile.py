"""Reconciliation: a tally broken by hand is repaired, audited and reported once."""

import threading
from datetime import timedelta
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from awaz.operations.models import TallyRepair
from awaz.operations.services import tallies_reconcile
from awaz.petitions.models import Petition
from awaz.signatures.counts import forget_numbers, petition_numbers
from awaz.signatures.models import Signature, SignatureTally
from awaz.signatures.services import signature_confirm
from tests.factories import make_pending_signature, make_petition


def _confirmed(petition, n, country="DE", start=0):
    for i in range(start, start + n):
        _, token = make_pending_signature(petition, email=f"r{i}@example.org", country=country)
        signature_confirm(token=token)


def _break_by_hand(petition, country, by):
    with connection.cursor() as cursor:
        cursor.execute(
            f'UPDATE {SignatureTally._meta.db_table} SET "count" = "count" + %s WHERE id = '
            f"(SELECT MIN(id) FROM {SignatureTally._meta.db_table} WHERE petition_id = %s AND country = %s)",
            [by, petition.pk, country],
        )
    forget_numbers(petition.pk)


def _reconcile(*args) -> str:
    out = StringIO()
    call_command("reconcile", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def operator(db):
    return get_user_model().objects.create_user("op", "op@example.org", "x", is_staff=True)


@pytest.mark.django_db(transaction=True)
def test_it_repairs_a_tally_broken_by_hand_audits_it_and_alerts_the_operators_once(operator):
    petition = make_petition()
    _confirmed(petition, 3, "DE")
    _confirmed(petition, 2, "FR", start=10)
    _break_by_hand(petition, "DE", 7)
    assert petition_numbers(petition.pk).total == 12

    output = _reconcile()

    assert f"petition {petition.pk} DE: stored 10, confirmed 3; set -7" in output
    forget_numbers(petition.pk)
    assert petition_numbers(petition.pk).total == 5
    assert dict(petition_numbers(petition.pk).by_country) == {}  # both below the group threshold
    repair = TallyRepair.objects.get()
    assert (repair.petition_id, repair.country, repair.stored, repair.counted) == (petition.pk, "DE", 10, 3)
    assert repair.alerted_at is not None
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["op@example.org"]
    assert "stored 10, confirmed 3" in mail.outbox[0].body

    assert "Every count equals its confirmed signatures." in _reconcile()
    assert TallyRepair.objects.count() == 1
    assert len(mail.outbox) == 1


@pytest.mark.django_db(transaction=True)
def test_each_operator_is_told_in_the_language_they_chose_for_alerts(operator):
    from awaz.defences.models import AlertLanguage

    arabic = get_user_model().objects.create_user("op-ar", "op-ar@example.org", "x", is_staff=True)
    AlertLanguage.objects.create(user=arabic, language="ar")
    petition = make_petition()
    _confirmed(petition, 3, "DE")
    _break_by_hand(petition, "DE", 7)

    _reconcile()

    subjects = {message.to[0]: message.subject for message in mail.outbox}
    assert set(subjects) == {"op@example.org", "op-ar@example.org"}
    assert subjects["op@example.org"] == "Awaz repaired 1 petition count"
    assert subjects["op-ar@example.org"] == "أصلح Awaz عدّاد عريضة واحدًا"
    assert "ألمانيا" in mail.outbox[[m.to[0] for m in mail.outbox].index("op-ar@example.org")].body  # Germany


@pytest.mark.django_db(transaction=True)
def test_it_repairs_a_country_whose_tally_is_missing(operator):
    petition = make_petition()
    _confirmed(petition, 2, "TR")
    SignatureTally.objects.filter(petition=petition).delete()
    _reconcile()
    forget_numbers(petition.pk)
    assert petition_numbers(petition.pk).total == 2


@pytest.mark.django_db(transaction=True)
def test_it_changes_nothing_on_a_dry_run(operator):
    petition = make_petition()
    _confirmed(petition, 2)
    _break_by_hand(petition, "DE", -1)
    output = _reconcile("--dry-run")
    assert "would set +1" in output and "nothing changed" in output
    assert petition_numbers(petition.pk).total == 1
    assert not TallyRepair.objects.exists()
    assert mail.outbox == []


@pytest.mark.django_db
def test_it_leaves_alone_petitions_whose_signers_were_erased_for_retention(settings):
    petition = make_petition()
    _confirmed(petition, 2)
    Signature.objects.filter(petition=petition).delete()  # as retention does: the tallies stay
    Petition.objects.filter(pk=petition.pk).update(
        status=Petition.Status.CLOSED, closed_at=timezone.now() - timedelta(days=settings.RETENTION_DAYS + 1)
    )
    assert tallies_reconcile() == []
    assert petition_numbers(petition.pk).total == 2


@pytest.mark.django_db(transaction=True)
def test_it_loses_no_confirmation_that_races_the_repair():
    """Real threads and connections: confirmations and reconciliations at once, on a broken
    tally. At the end the count equals the confirmed signatures, and only the damage was repaired."""
    if connection.vendor != "postgresql":
        pytest.skip("concurrent writers need PostgreSQL; SQLite takes them one at a time")
    petition = make_petition()
    _confirmed(petition, 4, "DE")
    _break_by_hand(petition, "DE", 50)
    tokens = [make_pending_signature(petition, email=f"race{n}@example.org", country=("DE", "FR", "JP")[n % 3])[1]
              for n in range(60)]
    errors = []
    barrier = threading.Barrier(7)

    def run(function):
        try:
            barrier.wait()
            function()
        except Exception as exc:  # re-raised in the test's thread
            errors.append(exc)
        finally:
            connection.close()

    def confirm(group):
        for token in group:
            signature_confirm(token=token)

    def reconcile():
        for _ in range(5):
            tallies_reconcile()

    workers = [lambda g=tokens[i::5]: confirm(g) for i in range(5)] + [reconcile, reconcile]
    threads = [threading.Thread(target=run, args=(w,)) for w in workers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not errors, errors
    forget_numbers(petition.pk)
    assert Signature.objects.confirmed().filter(petition=petition).count() == 64
    assert petition_numbers(petition.pk).total == 64
    assert sum(r.delta for r in TallyRepair.objects.filter(petition=petition)) == -50
    assert tallies_reconcile() == []
