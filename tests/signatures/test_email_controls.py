"""Issue #10 item 10: addresses with control characters or line breaks are refused everywhere,
with a clear message in the visitor's language, and no email header is ever built from one."""

import pytest
from django.core import mail
from django.utils import translation

from awaz.core.email_address import has_control_characters, is_valid_email
from awaz.core.mail import build_email
from awaz.signatures.models import Signature
from tests.factories import sign_form_data

HOSTILE = [
    '"hi4\x0b\x0bInjected-body-line"@example.org',
    '"a\x0cb"@example.org',
    '"a\x1cb"@example.org',
    '"a\x7fb"@example.org',
    '"a\x85b"@example.org',
    '"a\u2028b"@example.org',
    '"a\x01b"@example.org',
    '"a\rBcc: x@evil.example"@example.org',
]


@pytest.mark.parametrize("address", HOSTILE)
def test_it_refuses_controls_anywhere_in_an_address(address):
    assert has_control_characters(address)
    assert not is_valid_email(address)


def test_it_still_accepts_a_plain_quoted_local_part():
    assert is_valid_email('"amina@home"@example.org')


@pytest.mark.parametrize("address", HOSTILE[:3])
def test_it_refuses_the_signature_with_a_clear_message(client, petition, address):
    response = client.post(f"/en/petitions/{petition.slug}/sign/", sign_form_data(petition, email=address))
    assert response.status_code == 400
    assert "cannot contain invisible control characters" in response.content.decode()
    assert Signature.objects.count() == 0
    assert mail.outbox == []


def test_it_explains_in_the_visitors_language(client, petition):
    with translation.override("fr"):
        from awaz.signatures.forms import CONTROL_IN_EMAIL

        expected = str(CONTROL_IN_EMAIL)
    response = client.post(f"/fr/petitions/{petition.slug}/sign/", sign_form_data(petition, email=HOSTILE[0]))
    assert response.status_code == 400
    assert expected in response.content.decode()


def test_it_refuses_the_address_when_asking_for_the_email_again(client, petition):
    response = client.post(f"/en/petitions/{petition.slug}/resend/", {"email": HOSTILE[0]})
    assert response.status_code == 400
    assert "cannot contain invisible control characters" in response.content.decode()
    assert mail.outbox == []


@pytest.mark.parametrize("address", HOSTILE)
def test_it_never_builds_a_header_from_such_a_value(address):
    with pytest.raises(ValueError) as raised:
        build_email("confirm_signature", address, {}, "en")
    assert "example.org" not in str(raised.value)
