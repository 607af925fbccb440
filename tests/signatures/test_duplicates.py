"""One person, one signature, and the page never tells who signed."""

from datetime import timedelta

import pytest
from django.core import mail
from django.db import IntegrityError, transaction
from django.utils import timezone

from awaz.signatures.models import Signature
from awaz.signatures.services import MAX_EMAILS_PER_SIGNATURE
from tests.signatures.helpers import sign, sign_and_confirm


@pytest.mark.parametrize("variant", ["AMINA@example.org", "amina+again@example.org", " amina@Example.ORG"])
def test_it_refuses_a_second_signature_from_a_variant_address(client, petition, django_capture_on_commit_callbacks, variant):
    sign(client, petition, django_capture_on_commit_callbacks, email="amina@example.org")
    sign(client, petition, django_capture_on_commit_callbacks, email=variant)
    assert Signature.objects.count() == 1


def test_it_treats_gmail_dots_as_the_same_address(client, petition, django_capture_on_commit_callbacks):
    sign(client, petition, django_capture_on_commit_callbacks, email="amina.tursun@gmail.com")
    sign(client, petition, django_capture_on_commit_callbacks, email="AminaTursun+x@googlemail.com")
    assert Signature.objects.count() == 1


def test_it_answers_a_repeat_signature_exactly_like_a_first_one(client, petition, django_capture_on_commit_callbacks):
    first = sign(client, petition, django_capture_on_commit_callbacks, email="one@example.org")
    sign_and_confirm(client, petition, django_capture_on_commit_callbacks, email="two@example.org")
    repeat = sign(client, petition, django_capture_on_commit_callbacks, email="two@example.org")
    assert (first.status_code, first["Location"]) == (repeat.status_code, repeat["Location"])


def test_it_tells_the_owner_of_the_address_that_they_already_signed(client, petition, django_capture_on_commit_callbacks):
    sign_and_confirm(client, petition, django_capture_on_commit_callbacks)
    Signature.objects.update(last_email_at=timezone.now() - timedelta(hours=1))
    sign(client, petition, django_capture_on_commit_callbacks)
    assert "already signed" in mail.outbox[-1].subject
    assert "/confirm/" not in mail.outbox[-1].body


def test_it_limits_emails_to_one_address(client, petition, django_capture_on_commit_callbacks):
    sign(client, petition, django_capture_on_commit_callbacks)
    for _ in range(5):  # within the pause: no new email however often someone asks
        client.post(f"/en/petitions/{petition.slug}/resend/", {"email": "amina@example.org"})
        sign(client, petition, django_capture_on_commit_callbacks)
    assert len(mail.outbox) == 1
    for _ in range(10):  # after every pause, at most the cap in total
        Signature.objects.update(last_email_at=timezone.now() - timedelta(hours=1))
        with django_capture_on_commit_callbacks(execute=True):
            client.post(f"/en/petitions/{petition.slug}/resend/", {"email": "amina@example.org"})
    assert len(mail.outbox) == MAX_EMAILS_PER_SIGNATURE


def test_it_resends_the_confirmation_on_request(client, petition, django_capture_on_commit_callbacks):
    sign(client, petition, django_capture_on_commit_callbacks)
    Signature.objects.update(last_email_at=timezone.now() - timedelta(hours=1))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/en/petitions/{petition.slug}/resend/", {"email": "Amina@example.org"})
    assert response.status_code == 200
    assert len(mail.outbox) == 2
    assert "/confirm/" in mail.outbox[-1].body


def test_it_answers_resend_for_unknown_addresses_the_same_way(client, petition):
    known = client.post(f"/en/petitions/{petition.slug}/resend/", {"email": "nobody@example.org"})
    assert known.status_code == 200
    assert "If that address has signed" in known.content.decode()
    assert mail.outbox == []


def test_it_enforces_uniqueness_in_the_database(petition):
    Signature.objects.create(petition=petition, email_index="same", name="a", email="a@example.org", country="DE", language="en")
    with pytest.raises(IntegrityError), transaction.atomic():
        Signature.objects.create(petition=petition, email_index="same", name="b", email="b@example.org", country="DE", language="en")


def test_it_finds_an_earlier_signature_during_a_blind_index_rotation(client, petition, settings, django_capture_on_commit_callbacks):
    settings.BLIND_INDEX_KEYS = ["old-index-key-" + "o" * 32]
    sign(client, petition, django_capture_on_commit_callbacks, email="rotating@example.org")
    settings.BLIND_INDEX_KEYS = ["new-index-key-" + "n" * 32, "old-index-key-" + "o" * 32]
    sign(client, petition, django_capture_on_commit_callbacks, email="Rotating@example.org")
    assert Signature.objects.count() == 1
