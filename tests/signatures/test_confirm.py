"""Confirmation links: single-use, expiring, never acting on GET."""

from datetime import timedelta

from django.core import mail
from django.utils import timezone

from awaz.signatures.counts import petition_numbers
from awaz.signatures.models import Signature
from tests.factories import link_from_email
from tests.signatures.helpers import sign


def _confirm_path(client, petition, capture, **fields):
    sign(client, petition, capture, **fields)
    return link_from_email(mail.outbox[-1], "confirm")


def test_it_never_confirms_on_get(client, petition, django_capture_on_commit_callbacks):
    path = _confirm_path(client, petition, django_capture_on_commit_callbacks)
    response = client.get(path)
    assert response.status_code == 200
    assert "Confirm my signature" in response.content.decode()
    assert Signature.objects.get().confirmed_at is None


def test_it_is_harmless_to_confirm_twice(client, petition, django_capture_on_commit_callbacks):
    path = _confirm_path(client, petition, django_capture_on_commit_callbacks)
    assert client.post(path).status_code == 200
    second = client.post(path)
    assert second.status_code == 200
    assert "already confirmed" in second.content.decode()
    assert petition_numbers(petition.pk).total == 1


def test_it_refuses_an_expired_link(client, petition, django_capture_on_commit_callbacks, settings):
    path = _confirm_path(client, petition, django_capture_on_commit_callbacks)
    Signature.objects.update(token_sent_at=timezone.now() - timedelta(days=settings.CONFIRMATION_DAYS, seconds=1))
    response = client.post(path)
    assert response.status_code == 410
    assert "expired" in response.content.decode()
    assert Signature.objects.get().confirmed_at is None


def test_it_refuses_a_forged_token(client, petition, django_capture_on_commit_callbacks):
    _confirm_path(client, petition, django_capture_on_commit_callbacks)
    for token in ["x" * 32, "A" * 200, "../../etc", "%00"]:
        response = client.post(f"/en/confirm/{token}/")
        # A NUL in the path is refused before any view, as bad input (400).
        assert response.status_code == (400 if token == "%00" else 404)
    assert Signature.objects.get().confirmed_at is None


def test_it_invalidates_the_old_link_when_a_new_email_is_sent(client, petition, django_capture_on_commit_callbacks):
    old_path = _confirm_path(client, petition, django_capture_on_commit_callbacks)
    Signature.objects.update(last_email_at=timezone.now() - timedelta(hours=1))
    sign(client, petition, django_capture_on_commit_callbacks)  # signing again resends the link
    new_path = link_from_email(mail.outbox[-1], "confirm")
    assert new_path != old_path
    assert client.post(old_path).status_code == 404
    assert client.post(new_path).status_code == 200
    assert petition_numbers(petition.pk).total == 1


def test_it_stores_only_a_hash_of_the_token(client, petition, django_capture_on_commit_callbacks):
    path = _confirm_path(client, petition, django_capture_on_commit_callbacks)
    token = path.rstrip("/").rsplit("/", 1)[1]
    signature = Signature.objects.get()
    assert token not in (signature.confirm_token_hash or "")
    assert len(signature.confirm_token_hash) == 64


def test_it_withdraws_a_confirmed_signature(client, petition, django_capture_on_commit_callbacks):
    path = _confirm_path(client, petition, django_capture_on_commit_callbacks)
    client.post(path)
    withdraw_path = link_from_email(mail.outbox[-1], "withdraw")
    assert client.get(withdraw_path).status_code == 200
    assert Signature.objects.count() == 1  # GET changes nothing
    response = client.post(withdraw_path)
    assert response.status_code == 200
    assert Signature.objects.count() == 0
    assert petition_numbers(petition.pk).total == 0
    assert client.post(withdraw_path).status_code == 404
