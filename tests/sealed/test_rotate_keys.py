"""`awaz rotate_keys` in sealed and count-only petitions: what can move moves, the rest keeps working."""

import io

from django.core import mail
from django.core.management import call_command

from awaz.core.crypto import current_key_id, key_id_of
from awaz.signatures.models import Signature, UpdateRecipient
from tests.signatures.helpers import sign, sign_and_confirm


def _rotate(*args) -> str:
    out = io.StringIO()
    call_command("rotate_keys", *args, stdout=out)
    return out.getvalue()


def test_the_update_record_moves_to_the_new_key(client, sealed_petition, settings, django_capture_on_commit_callbacks):
    sign_and_confirm(client, sealed_petition, django_capture_on_commit_callbacks, email="u@example.org",
                     wants_updates="on")
    settings.ENCRYPTION_KEYS = ["a-brand-new-encryption-key-0123456789", *settings.ENCRYPTION_KEYS]
    _rotate()
    settings.ENCRYPTION_KEYS = settings.ENCRYPTION_KEYS[:1]  # the old key is gone
    assert UpdateRecipient.objects.get().email == "u@example.org"
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(f"SELECT email FROM {UpdateRecipient._meta.db_table}")
        assert key_id_of(bytes(cursor.fetchone()[0])) == current_key_id()


def test_a_blind_index_rotation_leaves_sealed_rows_findable(client, sealed_petition, count_only_petition, settings,
                                                              django_capture_on_commit_callbacks):
    sign_and_confirm(client, sealed_petition, django_capture_on_commit_callbacks, email="s@example.org")
    sign_and_confirm(client, count_only_petition, django_capture_on_commit_callbacks, email="c@example.org")
    settings.BLIND_INDEX_KEYS = ["a-brand-new-index-key-0123456789", *settings.BLIND_INDEX_KEYS]
    output = _rotate("--blind-index")
    assert "2 signatures of sealed or count-only petitions" in output
    # Still refused as duplicates, and still found for withdrawal or erasure.
    Signature.objects.update(last_email_at=None)
    before = len(mail.outbox)
    sign(client, sealed_petition, django_capture_on_commit_callbacks, email="s@example.org")
    sign(client, count_only_petition, django_capture_on_commit_callbacks, email="c@example.org")
    assert Signature.objects.count() == 2
    assert ["already" in m.subject.lower() for m in mail.outbox[before:]] == [True, True]
