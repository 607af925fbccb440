"""Withdrawing a signature from the link in the confirmation email."""

from django.core import mail

from awaz.signatures.counts import petition_numbers
from awaz.signatures.models import Signature, SignatureTally
from tests.factories import link_from_email, sign_form_data


def sign_and_confirm(client, petition, capture, **fields):
    with capture(execute=True):
        client.post(f"/en/petitions/{petition.slug}/sign/", sign_form_data(petition, **fields))
    message = mail.outbox[-1]
    with capture(execute=True):
        client.post(link_from_email(message, "confirm"))
    return message


def test_it_shows_a_page_with_a_button_and_changes_nothing_on_get(client, petition, django_capture_on_commit_callbacks):
    message = sign_and_confirm(client, petition, django_capture_on_commit_callbacks)
    response = client.get(link_from_email(message, "withdraw"))
    assert response.status_code == 200
    assert "<form method=\"post\"" in response.content.decode()
    assert Signature.objects.count() == 1
    assert petition_numbers(petition.pk).total == 1


def test_it_erases_the_data_and_lowers_the_count_by_one(client, petition, django_capture_on_commit_callbacks):
    sign_and_confirm(client, petition, django_capture_on_commit_callbacks, email="other@example.org", name="Other")
    message = sign_and_confirm(client, petition, django_capture_on_commit_callbacks, email="amina@example.org")
    assert petition_numbers(petition.pk).total == 2
    response = client.post(link_from_email(message, "withdraw"))
    assert response.status_code == 200
    assert petition_numbers(petition.pk).total == 1
    assert sum(SignatureTally.objects.filter(petition=petition).values_list("count", flat=True)) == 1
    remaining = Signature.objects.with_personal_data().get()
    assert remaining.name == "Other"
    assert "1 person has signed" in client.get(f"/en/petitions/{petition.slug}/").content.decode()


def test_it_withdraws_an_unconfirmed_signature_without_touching_the_count(client, petition, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/en/petitions/{petition.slug}/sign/", sign_form_data(petition))
    response = client.post(link_from_email(mail.outbox[-1], "withdraw"))
    assert response.status_code == 200
    assert not Signature.objects.exists()
    assert petition_numbers(petition.pk).total == 0


def test_it_counts_down_only_once_when_the_link_is_used_twice(client, petition, django_capture_on_commit_callbacks):
    message = sign_and_confirm(client, petition, django_capture_on_commit_callbacks)
    link = link_from_email(message, "withdraw")
    client.post(link)
    second = client.post(link)
    assert second.status_code == 404
    assert petition_numbers(petition.pk).total == 0
    assert sum(SignatureTally.objects.filter(petition=petition).values_list("count", flat=True)) == 0
