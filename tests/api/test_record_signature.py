"""The OSDI record-signature helper goes through the sign form's pipeline: double opt-in,
deduplication, validation and limits, exactly as the form."""

import json

import pytest
from django.core import mail

from awaz.petitions.models import Petition
from awaz.signatures.models import Signature
from tests.api.org_helpers import assert_matches, bearer, make_token
from tests.factories import link_from_email, make_petition

pytestmark = pytest.mark.django_db
PATH = "/api/v1/osdi/petitions/{slug}/signatures"


@pytest.fixture
def petition():
    return make_petition(slug="free-them")


@pytest.fixture
def text(petition):
    return make_token(petition.organization, "write-signatures")[1]


def body(email="amina@example.org", **extra):
    data = {"person": {"given_name": "Amina", "family_name": "Tursun", "email_addresses": [{"address": email}],
                       "postal_addresses": [{"country": "de"}], "languages_spoken": ["fr"]},
            "comments": "", "awaz:organization_contact": True}
    data.update(extra)
    return data


def record(client, petition, text, data, capture):
    with capture(execute=True):
        return client.post(PATH.format(slug=petition.slug), json.dumps(data), content_type="application/json",
                           **bearer(text))


def test_it_stores_an_unconfirmed_signature_and_emails_the_signer(client, petition, text,
                                                                  django_capture_on_commit_callbacks):
    response = record(client, petition, text, body(), django_capture_on_commit_callbacks)
    assert response.status_code == 202
    assert_matches(response, "/osdi/petitions/{slug}/signatures", "post")
    signature = Signature.objects.with_personal_data().get(petition=petition)
    assert (signature.name, signature.country, signature.language) == ("Amina Tursun", "DE", "fr")
    assert signature.organization_contact is True
    assert signature.confirmed_at is None  # double opt-in: it counts once the signer confirms
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["amina@example.org"]
    with django_capture_on_commit_callbacks(execute=True):
        client.post(link_from_email(mail.outbox[0], "confirm"))
    signature.refresh_from_db()
    assert signature.confirmed_at is not None


def test_signing_twice_stores_one_signature_and_answers_the_same(client, petition, text,
                                                                 django_capture_on_commit_callbacks):
    first = record(client, petition, text, body(), django_capture_on_commit_callbacks)
    again = record(client, petition, text, body("Amina@Example.org"), django_capture_on_commit_callbacks)
    assert (first.status_code, first.content) == (again.status_code, again.content)
    assert Signature.objects.filter(petition=petition).count() == 1


def test_the_forms_rules_refuse_what_the_form_refuses(client, petition, text, django_capture_on_commit_callbacks):
    response = record(client, petition, text, body("not an address"), django_capture_on_commit_callbacks)
    assert response.status_code == 422
    assert_matches(response, "/osdi/petitions/{slug}/signatures", "post")
    assert "person.email_addresses" in json.loads(response.content)["errors"]
    disposable = record(client, petition, text, body("someone@mailinator.com"), django_capture_on_commit_callbacks)
    assert disposable.status_code == 422
    assert not Signature.objects.exists() and not mail.outbox


def test_the_signing_limits_apply(client, petition, text, settings, django_capture_on_commit_callbacks):
    settings.RATE_NETWORK_PER_MINUTE = 1
    assert record(client, petition, text, body("one@example.org"), django_capture_on_commit_callbacks).status_code == 202
    refused = record(client, petition, text, body("two@example.org"), django_capture_on_commit_callbacks)
    assert refused.status_code == 429 and int(refused["Retry-After"]) >= 1
    assert refused.json()["type"].endswith("/too-many-requests")
    assert Signature.objects.count() == 1


def test_a_closed_petition_takes_no_signature(client, petition, text, django_capture_on_commit_callbacks):
    Petition.objects.filter(pk=petition.pk).update(status=Petition.Status.CLOSED)
    response = record(client, petition, text, body(), django_capture_on_commit_callbacks)
    assert response.status_code == 409
    assert not Signature.objects.exists()


def test_the_contact_choice_is_off_unless_sent(client, petition, text, django_capture_on_commit_callbacks):
    data = body()
    del data["awaz:organization_contact"]
    record(client, petition, text, data, django_capture_on_commit_callbacks)
    assert Signature.objects.get().organization_contact is False


def test_another_organizations_petition_is_not_found(client, text, django_capture_on_commit_callbacks):
    theirs = make_petition(slug="not-yours")
    assert record(client, theirs, text, body(), django_capture_on_commit_callbacks).status_code == 404


def test_a_paused_petition_answers_503_with_retry_after(client, petition, text, django_capture_on_commit_callbacks):
    from datetime import timedelta

    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from awaz.operations.services import petition_switches_set

    operator = get_user_model().objects.create_user(username="operator", email="operator@example.org", is_staff=True)
    petition_switches_set(petition=petition, operator=operator, via="admin", paused=True, pause_reason="review",
                          resume_at=timezone.now() + timedelta(minutes=30))
    response = record(client, petition, text, body(), django_capture_on_commit_callbacks)
    assert response.status_code == 503
    assert 1700 <= int(response["Retry-After"]) <= 1800
    assert_matches(response, "/osdi/petitions/{slug}/signatures", "post")
    assert not Signature.objects.exists()
