"""Closing petitions on time, and erasing their signers' data RETENTION_DAYS later."""

from datetime import timedelta

from django.utils import timezone

from awaz.petitions.models import Petition
from awaz.petitions.tasks import petitions_close_due
from awaz.signatures.tasks import signatures_erase_expired
from awaz.signatures.counts import petition_numbers
from awaz.signatures.models import Signature
from tests.factories import make_petition
from tests.factories import make_signature


def test_it_closes_open_petitions_whose_closing_time_has_passed(db):
    now = timezone.now()
    due = make_petition(closes_at=now - timedelta(minutes=1))
    later = make_petition(closes_at=now + timedelta(days=1))
    no_end = make_petition()
    draft = make_petition(status=Petition.Status.DRAFT, closes_at=now - timedelta(days=1))
    assert petitions_close_due(now=now) == 1
    due.refresh_from_db()
    assert due.status == Petition.Status.CLOSED
    assert due.closed_at is not None
    for petition in (later, no_end):
        petition.refresh_from_db()
        assert petition.status == Petition.Status.OPEN
    draft.refresh_from_db()
    assert draft.status == Petition.Status.DRAFT


def test_it_closes_on_the_next_run_once_the_clock_passes(db):
    now = timezone.now()
    petition = make_petition(closes_at=now + timedelta(hours=1))
    assert petitions_close_due(now=now) == 0
    assert petitions_close_due(now=now + timedelta(hours=2)) == 1
    petition.refresh_from_db()
    assert petition.status == Petition.Status.CLOSED


def test_it_starts_the_clock_for_petitions_closed_in_the_admin(db):
    now = timezone.now()
    petition = make_petition(status=Petition.Status.CLOSED)
    petitions_close_due(now=now)
    petition.refresh_from_db()
    assert petition.closed_at == now


def _closed_with_signers(closed_days_ago, now):
    petition = make_petition()
    for country in ("DE", "DE", "FR"):
        make_signature(petition, country=country)
    make_signature(petition, confirmed=False)
    Petition.objects.filter(pk=petition.pk).update(status=Petition.Status.CLOSED, closed_at=now - timedelta(days=closed_days_ago))
    return petition


def test_it_erases_signatures_after_the_retention_period_and_keeps_the_count(db, settings):
    settings.RETENTION_DAYS = 90
    now = timezone.now()
    petition = _closed_with_signers(91, now)
    before = petition_numbers(petition.pk)
    assert before.total == 3
    assert signatures_erase_expired(now=now) == 4
    assert not Signature.objects.filter(petition=petition).exists()
    after = petition_numbers(petition.pk)
    assert after.total == 3
    assert dict(after.by_country) == dict(before.by_country)
    assert after.other_countries == before.other_countries


def test_it_keeps_signatures_until_the_retention_period_is_over(db, settings):
    settings.RETENTION_DAYS = 90
    now = timezone.now()
    petition = _closed_with_signers(89, now)
    assert signatures_erase_expired(now=now) == 0
    assert Signature.objects.filter(petition=petition).count() == 4
    assert signatures_erase_expired(now=now + timedelta(days=2)) == 4


def test_it_follows_the_configured_number_of_days(db, settings):
    settings.RETENTION_DAYS = 7
    now = timezone.now()
    petition = _closed_with_signers(8, now)
    signatures_erase_expired(now=now)
    assert not Signature.objects.filter(petition=petition).exists()


def test_it_never_touches_open_petitions(db, settings):
    settings.RETENTION_DAYS = 0
    petition = make_petition()
    make_signature(petition)
    Petition.objects.filter(pk=petition.pk).update(closed_at=timezone.now() - timedelta(days=400))  # reopened
    assert signatures_erase_expired() == 0
    assert Signature.objects.filter(petition=petition).count() == 1


def test_it_erases_in_batches(db, settings, monkeypatch):
    from awaz.signatures import services

    monkeypatch.setattr(services, "RETENTION_BATCH", 2)
    settings.RETENTION_DAYS = 1
    now = timezone.now()
    petition = _closed_with_signers(2, now)
    assert signatures_erase_expired(now=now) == 4
    assert petition_numbers(petition.pk).total == 3


def test_the_petition_page_still_shows_the_count_after_erasure(client, db, settings):
    settings.RETENTION_DAYS = 90
    now = timezone.now()
    petition = _closed_with_signers(100, now)
    signatures_erase_expired(now=now)
    html = client.get(f"/en/petitions/{petition.slug}/").content.decode()
    assert "with 3 signatures" in html


def test_the_periodic_tasks_run(db, settings):
    from awaz.petitions import tasks as petition_tasks
    from awaz.signatures import tasks

    settings.RETENTION_DAYS = 0
    petition = make_petition()
    make_signature(petition)
    Petition.objects.filter(pk=petition.pk).update(closes_at=timezone.now() - timedelta(minutes=1))
    # Both are Huey periodic tasks; calling one runs it in process (immediate mode in tests).
    petition_tasks.close_due_petitions()
    tasks.erase_expired_signatures()
    petition.refresh_from_db()
    assert petition.status == Petition.Status.CLOSED
    assert not Signature.objects.filter(petition=petition).exists()
    assert petition_numbers(petition.pk).total == 1
