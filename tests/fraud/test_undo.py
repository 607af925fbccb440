"""Reversible removals: an invalidation holds its signatures for AWAZ_UNDO_DAYS; undo puts
them back and restores the count exactly, once; after the window they are deleted for good."""

import threading
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from awaz.core.network import email_domain_label
from awaz.fraud.counts import removed_numbers
from awaz.fraud.criteria import Criteria
from awaz.fraud.models import HeldSignature, Invalidation
from awaz.fraud.services import UndoRefused, held_signatures_purge, invalidation_undo, signatures_invalidate
from awaz.signatures.counts import petition_numbers
from awaz.signatures.models import Signature
from awaz.transparency.models import LogEntry
from tests.factories import make_member, make_petition
from tests.factories import make_signature as add_signature, staff_user

FLOOD = "flood.example"


def _flooded(petition):
    real = [add_signature(petition, domain="real.example", country="DE") for _ in range(3)]
    fake = [add_signature(petition, domain=FLOOD, country="FR") for _ in range(4)]
    pending = add_signature(petition, domain=FLOOD, confirmed=False)
    return real, fake, pending


def _invalidate(petition, operator):
    return signatures_invalidate(petition=petition, criteria=Criteria(email_domain=email_domain_label(FLOOD)), reason="flood",
                                 operator=operator)


@pytest.fixture
def operator(db):
    return staff_user("fraud.add_invalidation", "fraud.view_invalidation", username="moderator")


@pytest.mark.django_db
def test_a_removal_stops_counting_and_keeps_the_rows_encrypted_for_the_window(settings, operator):
    petition = make_petition()
    _real, fake, _pending = _flooded(petition)
    entry = _invalidate(petition, operator)
    assert petition_numbers(petition.pk).total == 3
    assert Signature.objects.filter(petition=petition).count() == 3
    assert HeldSignature.objects.filter(invalidation=entry).count() == 5
    assert entry.purge_after == pytest.approx(entry.created_at + timedelta(days=settings.UNDO_DAYS),
                                              abs=timedelta(seconds=5))
    held = HeldSignature.objects.get(signature_id=fake[0].pk).row
    assert "Test Signer" not in str(held) and f"@{FLOOD}" not in str(held)  # only ciphertexts
    assert held["ciphertexts"]["name"]


@pytest.mark.django_db
def test_undo_restores_the_count_exactly_with_an_audit_entry(client, operator):
    petition = make_petition()
    _real, fake, pending = _flooded(petition)
    before = {s.pk: (s.name, s.email, s.confirmed_at, s.country) for s in Signature.objects.filter(petition=petition)}
    entry = _invalidate(petition, operator)
    entry = invalidation_undo(invalidation=entry, operator=operator)

    assert petition_numbers(petition.pk).total == 7
    assert dict(Signature.objects.filter(petition=petition).values_list("country", "pk").order_by()) != {}
    after = {s.pk: (s.name, s.email, s.confirmed_at, s.country) for s in Signature.objects.filter(petition=petition)}
    assert after == before  # same ids, same decrypted details, same times to the microsecond
    assert (entry.undone_by_name, entry.confirmed_restored) == ("moderator", 4)
    assert entry.undone_at is not None
    assert not HeldSignature.objects.exists()
    # The log: additions minus removals equals the count again (4 removals, 4 new additions).
    additions = LogEntry.objects.filter(petition_id=petition.pk, kind="add").count()
    removals = LogEntry.objects.filter(petition_id=petition.pk, kind="remove").count()
    assert additions - removals == 7
    # The public listing still shows the removal, as reversed.
    removed = removed_numbers(petition.pk)
    assert (removed.total, removed.reversed) == (0, 4)
    page = client.get(f"/en/petitions/{petition.slug}/").content.decode()
    assert "4 signatures removed as fraudulent were put back after a review and count again." in page
    data = client.get(f"/en/petitions/{petition.slug}/data.json").json()
    assert data["removed_as_fraudulent"]["reversed"] == 4 and data["signature_count"] == 7


@pytest.mark.django_db
def test_undo_works_once(operator):
    petition = make_petition()
    _flooded(petition)
    entry = _invalidate(petition, operator)
    invalidation_undo(invalidation=entry, operator=operator)
    with pytest.raises(UndoRefused):
        invalidation_undo(invalidation=entry, operator=operator)
    assert petition_numbers(petition.pk).total == 7


@pytest.mark.django_db
def test_a_person_who_signed_again_meanwhile_is_not_counted_twice(operator):
    petition = make_petition()
    _real, fake, _pending = _flooded(petition)
    entry = _invalidate(petition, operator)
    from awaz.core.crypto import decrypt  # noqa: F401 - the address is the factory's
    again = add_signature(petition, email=fake[0].email, country="FR")
    entry = invalidation_undo(invalidation=entry, operator=operator)
    assert entry.confirmed_restored == 3
    assert petition_numbers(petition.pk).total == 7
    assert Signature.objects.filter(pk=again.pk).exists() and not Signature.objects.filter(pk=fake[0].pk).exists()


@pytest.mark.django_db
def test_after_the_window_the_data_is_deleted_for_good_and_undo_is_refused(settings, operator):
    petition = make_petition()
    _flooded(petition)
    entry = _invalidate(petition, operator)
    assert held_signatures_purge(now=timezone.now() + timedelta(days=settings.UNDO_DAYS) - timedelta(minutes=1)) == 0
    assert HeldSignature.objects.count() == 5
    assert held_signatures_purge(now=timezone.now() + timedelta(days=settings.UNDO_DAYS, minutes=1)) == 5
    assert not HeldSignature.objects.exists()
    entry.refresh_from_db()
    assert entry.purged_at is not None
    with pytest.raises(UndoRefused):
        invalidation_undo(invalidation=entry, operator=operator)
    assert petition_numbers(petition.pk).total == 3


@pytest.mark.django_db
def test_with_no_window_a_removal_deletes_at_once(settings, operator):
    settings.UNDO_DAYS = 0
    petition = make_petition()
    _flooded(petition)
    entry = _invalidate(petition, operator)
    assert not HeldSignature.objects.exists() and entry.purge_after is None
    with pytest.raises(UndoRefused):
        invalidation_undo(invalidation=entry, operator=operator)


@pytest.mark.django_db
def test_the_admin_desk_undoes_after_a_confirmation_page(client, operator):
    petition = make_petition()
    _flooded(petition)
    entry = _invalidate(petition, operator)
    client.force_login(operator)
    desk = client.get(f"/admin/fraud/invalidation/desk/{petition.pk}/").content.decode()
    assert f"/admin/fraud/invalidation/undo/{entry.pk}/" in desk
    assert client.get(f"/admin/fraud/invalidation/undo/{entry.pk}/").status_code == 200
    assert petition_numbers(petition.pk).total == 3  # GET changed nothing
    response = client.post(f"/admin/fraud/invalidation/undo/{entry.pk}/")
    assert response.status_code == 302
    assert petition_numbers(petition.pk).total == 7
    assert "Undone on" in client.get(f"/admin/fraud/invalidation/desk/{petition.pk}/").content.decode()


@pytest.mark.django_db
def test_the_studio_lets_a_moderator_undo(client, operator):
    petition = make_petition()
    member = make_member(petition.organization, role="moderator")
    _flooded(petition)
    entry = _invalidate(petition, operator)
    client.force_login(member.user)
    base = f"/studio/{petition.organization.slug}/petitions/{petition.pk}/fraud/"
    assert f"{base}undo/{entry.pk}/" in client.get(base).content.decode()
    assert client.post(f"{base}undo/{entry.pk}/").status_code == 302
    assert petition_numbers(petition.pk).total == 7
    assert Invalidation.objects.get().undone_by_name == member.user.username


@pytest.mark.django_db
def test_an_editor_cannot_undo(client, operator):
    petition = make_petition()
    editor = make_member(petition.organization, role="editor")
    _flooded(petition)
    entry = _invalidate(petition, operator)
    client.force_login(editor.user)
    url = f"/studio/{petition.organization.slug}/petitions/{petition.pk}/fraud/undo/{entry.pk}/"
    assert client.post(url).status_code == 403
    assert petition_numbers(petition.pk).total == 3


@pytest.mark.django_db(transaction=True)
def test_concurrent_undos_restore_the_count_once():
    if connection.vendor != "postgresql":
        pytest.skip("concurrent writers need PostgreSQL")
    operator = staff_user(username="moderator")
    petition = make_petition()
    _flooded(petition)
    entry = _invalidate(petition, operator)
    outcomes, barrier = [], threading.Barrier(6)

    def undo():
        try:
            barrier.wait()
            invalidation_undo(invalidation=Invalidation.objects.get(pk=entry.pk), operator=operator)
            outcomes.append("undone")
        except UndoRefused:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=undo) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(outcomes) == ["refused"] * 5 + ["undone"]
    assert Signature.objects.confirmed().filter(petition=petition).count() == 7
    assert petition_numbers(petition.pk).total == 7
