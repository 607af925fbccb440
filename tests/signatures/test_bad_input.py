"""Bad input gets a clear message, the right status, and nothing is stored."""

import pytest
from django.core import mail

from awaz.signatures.models import Signature
from tests.factories import sign_form_data


def post(client, petition, language="en", **fields):
    return client.post(f"/{language}/petitions/{petition.slug}/sign/", sign_form_data(petition, **fields))


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"name": ""}, "This field is required."),
        ({"email": ""}, "This field is required."),
        ({"email": "not-an-address"}, "Enter a valid email address."),
        ({"country": ""}, "This field is required."),
        ({"country": "XX"}, "Select a valid choice."),
        ({"name": "A" * 100_000}, "at most 120 characters"),
        ({"name": "Amina\x00Tursun"}, "contains a null character"),
        ({"name": "Amina\x07Tursun"}, "Please remove invisible control characters."),
        ({"name": "\u202egnp.exe"}, "Please remove invisible control characters."),
        ({"comment": "x" * 5000}, "at most 1000 characters"),
        ({"form_token": "forged"}, "This form has expired."),
        ({"form_token": ""}, "This form has expired."),
    ],
)
def test_it_refuses_bad_input_with_a_clear_message(client, petition, fields, message):
    response = post(client, petition, **fields)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert Signature.objects.count() == 0
    assert mail.outbox == []


def test_it_keeps_what_the_visitor_typed(client, petition):
    response = post(client, petition, email="broken", name="Amina Tursun")
    assert 'value="Amina Tursun"' in response.content.decode()


def test_it_answers_in_the_visitors_language(client, petition):
    response = post(client, petition, language="fr", email="")
    assert response.status_code == 400
    assert 'lang="fr"' in response.content.decode()


def test_it_escapes_script_in_the_name(client, petition):
    response = post(client, petition, email="broken", name="<script>alert(1)</script>")
    assert "<script>alert(1)</script>" not in response.content.decode()


def test_it_stores_nothing_when_the_honeypot_is_filled(client, petition, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = post(client, petition, website="http://spam.example")
    assert response.status_code == 302
    assert Signature.objects.count() == 0
    assert mail.outbox == []


def test_it_refuses_a_cross_site_post(client, petition):
    response = client.post(
        f"/en/petitions/{petition.slug}/sign/", sign_form_data(petition), headers={"Sec-Fetch-Site": "cross-site"}
    )
    assert response.status_code == 403
    assert Signature.objects.count() == 0


def test_it_refuses_a_foreign_origin(client, petition):
    response = client.post(
        f"/en/petitions/{petition.slug}/sign/", sign_form_data(petition), headers={"Origin": "https://evil.example"}
    )
    assert response.status_code == 403


def test_it_accepts_the_null_origin_that_no_referrer_produces(client, petition):
    response = client.post(
        f"/en/petitions/{petition.slug}/sign/", sign_form_data(petition),
        headers={"Origin": "null", "Sec-Fetch-Site": "same-origin"},
    )
    assert response.status_code == 302


def test_it_refuses_an_oversized_body_in_the_visitors_language(client, petition):
    response = client.post(
        f"/fr/petitions/{petition.slug}/sign/", sign_form_data(petition, comment="x" * 3_000_000)
    )
    assert response.status_code == 400
    assert 'lang="fr"' in response.content.decode()
    assert Signature.objects.count() == 0
