"""Sign, receive the email, confirm: the path every signer takes."""

from django.core import mail

from awaz.signatures.counts import petition_numbers
from awaz.signatures.models import Signature
from tests.factories import link_from_email, sign_form_data
from tests.signatures.helpers import sign, sign_and_confirm


def test_it_shows_check_your_email_after_signing(client, petition, django_capture_on_commit_callbacks):
    response = sign(client, petition, django_capture_on_commit_callbacks)
    assert response.status_code == 302
    assert response["Location"] == f"/en/petitions/{petition.slug}/thanks/"
    page = client.get(response["Location"])
    assert "Check your email" in page.content.decode()


def test_it_stores_an_unconfirmed_signature_that_does_not_count(client, petition, django_capture_on_commit_callbacks):
    sign(client, petition, django_capture_on_commit_callbacks)
    signature = Signature.objects.with_personal_data().get()
    assert signature.confirmed_at is None
    assert signature.name == "Amina Tursun"
    assert petition_numbers(petition.pk).total == 0


def test_it_emails_a_confirmation_link(client, petition, django_capture_on_commit_callbacks):
    sign(client, petition, django_capture_on_commit_callbacks)
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["amina@example.org"]
    assert "confirm" in message.subject.lower()
    assert link_from_email(message, "confirm").startswith("/en/confirm/")
    assert link_from_email(message, "withdraw").startswith("/en/withdraw/")
    html = message.alternatives[0][0]
    assert 'dir="ltr"' in html


def test_it_sends_no_email_when_the_transaction_rolls_back(client, petition, django_capture_on_commit_callbacks):
    # Without the commit callbacks running, nothing is sent: emails go only after commit.
    client.post(f"/en/petitions/{petition.slug}/sign/", sign_form_data(petition))
    assert mail.outbox == []


def test_it_confirms_on_post_and_counts_once(client, petition, django_capture_on_commit_callbacks):
    sign_and_confirm(client, petition, django_capture_on_commit_callbacks)
    assert Signature.objects.with_personal_data().get().confirmed_at is not None
    page = client.get(f"/en/petitions/{petition.slug}/").content.decode()
    assert "1 person has signed. Let&#x27;s get to 100!" in page


def test_it_counts_by_country_in_the_tally(client, petition, django_capture_on_commit_callbacks):
    for n in range(3):
        sign_and_confirm(client, petition, django_capture_on_commit_callbacks, email=f"p{n}@example.org", country="TR")
    numbers = petition_numbers(petition.pk)
    assert numbers.total == 3
    assert numbers.other_countries == 3  # below the group threshold of 5


def test_it_serves_the_live_count_as_json(client, petition, django_capture_on_commit_callbacks):
    sign_and_confirm(client, petition, django_capture_on_commit_callbacks)
    response = client.get(f"/fr/petitions/{petition.slug}/count.json")
    assert response.status_code == 200
    assert response.json()["count"] == 1
    assert response.json()["goal"] == 100
    assert "1" in response.json()["text"] and "100" in response.json()["text"]
    assert "max-age=2" in response["Cache-Control"]


def test_it_refuses_signatures_on_a_closed_petition(client, db, django_capture_on_commit_callbacks):
    from tests.factories import make_petition

    petition = make_petition(status="closed")
    response = sign(client, petition, django_capture_on_commit_callbacks)
    assert response.status_code == 409
    assert Signature.objects.count() == 0


def test_it_hides_drafts(client, db):
    from tests.factories import make_petition

    petition = make_petition(status="draft")
    assert client.get(f"/en/petitions/{petition.slug}/").status_code == 404
