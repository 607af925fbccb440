"""`awaz rotate_keys`: old data stays readable and moves to the new keys."""

import io

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.utils import timezone

from awaz.accounts.models import TOTPDevice
from awaz.core.crypto import DecryptionError, blind_index, blind_indexes, current_key_id, key_id_of
from awaz.core.email_address import normalize_email
from awaz.signatures.counts import petition_numbers, tally_add
from awaz.signatures.models import Signature
from awaz.signatures.services import email_index_for

OLD, NEW = "old-encryption-key-0123456789", "new-encryption-key-9876543210"
OLD_INDEX, NEW_INDEX = "old-index-key-0123456789", "new-index-key-9876543210"


@pytest.fixture(autouse=True)
def _keys(settings):
    settings.ENCRYPTION_KEYS = [OLD]
    settings.BLIND_INDEX_KEYS = [OLD_INDEX]


def _sign(petition, email, name="Signer", confirmed=False, **extra):
    signature = Signature.objects.create(
        petition=petition, email_index=email_index_for(email), name=name, email=email, comment=f"Comment of {name}",
        country="DE", language="en", confirmed_at=timezone.now() if confirmed else None, **extra,
    )
    if confirmed:
        tally_add(petition_id=petition.pk, country="DE", delta=1)
    return signature


def _raw(model, pk, column):
    table = connection.ops.quote_name(model._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {connection.ops.quote_name(column)} FROM {table} WHERE id = %s", [pk])
        return bytes(cursor.fetchone()[0])


def _rotate(*args) -> str:
    out = io.StringIO()
    call_command("rotate_keys", *args, stdout=out)
    return out.getvalue()


def test_it_reencrypts_old_data_under_the_new_key_and_keeps_it_readable(settings, petition, superuser):
    signatures = [_sign(petition, f"person{n}@example.org", name=f"Person {n}") for n in range(5)]
    device = TOTPDevice.objects.create(user=superuser, secret="JBSWY3DPEHPK3PXP")
    settings.ENCRYPTION_KEYS = [NEW, OLD]
    old_id = key_id_of(_raw(Signature, signatures[0].pk, "name"))
    assert old_id != current_key_id()
    assert Signature.objects.with_personal_data().get(pk=signatures[0].pk).name == "Person 0"  # readable mid-rotation

    output = _rotate("--batch-size", "2")

    settings.ENCRYPTION_KEYS = [NEW]  # the old key is gone for good
    for n, signature in enumerate(signatures):
        for column in ("name", "email", "comment"):
            assert key_id_of(_raw(Signature, signature.pk, column)) == current_key_id()
        reloaded = Signature.objects.with_personal_data().get(pk=signature.pk)
        assert (reloaded.name, reloaded.email, reloaded.comment) == (f"Person {n}", f"person{n}@example.org",
                                                                    f"Comment of Person {n}")
    assert TOTPDevice.objects.get(pk=device.pk).secret == "JBSWY3DPEHPK3PXP"  # found without being named
    assert "signatures.Signature: 5 rows checked, 15 values re-encrypted" in output
    assert "signatures.Signature: 2 rows checked" in output  # progress after each batch
    assert "accounts.TOTPDevice: 1 rows checked, 1 values re-encrypted" in output


def test_it_changes_nothing_when_run_again(settings, petition):
    _sign(petition, "again@example.org")
    settings.ENCRYPTION_KEYS = [NEW, OLD]
    _rotate()
    assert "Every encrypted value is under the current key" in _rotate()


def test_it_leaves_empty_values_and_values_already_under_the_new_key_alone(settings, petition):
    first = _sign(petition, "first@example.org")
    Signature.objects.filter(pk=first.pk).update(comment=None)
    settings.ENCRYPTION_KEYS = [NEW, OLD]
    second = _sign(petition, "second@example.org")
    before = _raw(Signature, second.pk, "name")
    output = _rotate()
    assert _raw(Signature, second.pk, "name") == before
    assert "signatures.Signature: 2 rows checked, 2 values re-encrypted" in output  # first's name and email
    assert Signature.objects.with_personal_data().get(pk=first.pk).comment is None


def test_it_counts_without_changing_in_a_dry_run(settings, petition):
    signature = _sign(petition, "dry@example.org")
    settings.ENCRYPTION_KEYS = [NEW, OLD]
    before = _raw(Signature, signature.pk, "email")
    assert "3 values would be re-encrypted" in _rotate("--dry-run")
    assert _raw(Signature, signature.pk, "email") == before


def test_it_fails_loudly_on_a_tampered_ciphertext(settings, petition):
    signature = _sign(petition, "tampered@example.org")
    raw = bytearray(_raw(Signature, signature.pk, "email"))
    raw[-1] ^= 0x01
    Signature.objects.filter(pk=signature.pk).update(email=bytes(raw))
    with pytest.raises(DecryptionError):
        Signature.objects.with_personal_data().get(pk=signature.pk)
    settings.ENCRYPTION_KEYS = [NEW, OLD]
    with pytest.raises(CommandError, match=f"signatures.Signature #{signature.pk}, field email: ciphertext failed"):
        _rotate()


def test_it_fails_loudly_when_the_old_key_was_removed_too_early(settings, petition):
    signature = _sign(petition, "early@example.org")
    settings.ENCRYPTION_KEYS = [NEW]
    with pytest.raises(CommandError, match=f"#{signature.pk}.*not configured"):
        _rotate()


def test_it_finds_people_by_the_old_blind_index_during_a_rotation(settings, petition):
    signature = _sign(petition, "Someone@Example.org")
    settings.BLIND_INDEX_KEYS = [NEW_INDEX, OLD_INDEX]
    indexes = blind_indexes(normalize_email("someone@example.org"))
    assert indexes[0] == blind_index(normalize_email("someone@example.org"))  # new rows get the new key
    assert list(Signature.objects.filter(email_index__in=indexes)) == [signature]


def test_it_moves_the_blind_index_to_the_new_key(settings, petition):
    signatures = [_sign(petition, f"index{n}@example.org") for n in range(3)]
    settings.BLIND_INDEX_KEYS = [NEW_INDEX, OLD_INDEX]
    output = _rotate("--blind-index", "--batch-size", "2")
    assert "Signatures: 3 checked, 3 re-indexed" in output
    settings.BLIND_INDEX_KEYS = [NEW_INDEX]
    for n, signature in enumerate(signatures):
        assert Signature.objects.with_personal_data().get(email_index=email_index_for(f"INDEX{n}@example.org")).pk == signature.pk
    assert "0 signatures re-indexed" in _rotate("--blind-index")


def test_it_keeps_one_signature_of_a_person_who_signed_again_during_the_rotation(settings, petition):
    first = _sign(petition, "twice@example.org", name="First", confirmed=True)
    settings.BLIND_INDEX_KEYS = [NEW_INDEX, OLD_INDEX]
    second = _sign(petition, "twice@example.org", name="Second", confirmed=True)  # under the new index
    assert petition_numbers(petition.pk).total == 2

    output = _rotate("--blind-index")

    assert list(Signature.objects.filter(petition=petition)) == [first]
    assert Signature.objects.with_personal_data().get(pk=first.pk).email_index == email_index_for("twice@example.org")
    assert not Signature.objects.filter(pk=second.pk).exists()
    assert petition_numbers(petition.pk).total == 1
    assert "1 people had signed twice" in output
