"""AWAZ_ONION_URL: the Onion-Location header, and onion links for those who came through it."""

import pytest
from django.core import mail

from awaz.signatures.models import Signature
from tests.factories import sign_form_data

ONION = "http://awazexampleonionaddressxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx.onion"
ONION_HOST = ONION.split("//")[1]


@pytest.fixture
def onion(settings):
    settings.ONION_URL = ONION
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, ONION_HOST]
    settings.CSRF_TRUSTED_ORIGINS = [*settings.CSRF_TRUSTED_ORIGINS, ONION]


def test_pages_point_tor_browser_to_the_onion_address(client, petition, onion):
    response = client.get(f"/en/petitions/{petition.slug}/?x=1")
    assert response["Onion-Location"] == f"{ONION}/en/petitions/{petition.slug}/?x=1"


def test_no_onion_location_without_an_onion_service(client, petition):
    assert "Onion-Location" not in client.get(f"/en/petitions/{petition.slug}/")


def test_onion_visitors_get_onion_links_and_no_header(client, petition, onion, settings):
    response = client.get(f"/en/petitions/{petition.slug}/", HTTP_HOST=ONION_HOST)
    assert "Onion-Location" not in response
    page = response.content.decode()
    assert f'{ONION}/fr/petitions/{petition.slug}/' in page  # hreflang alternates
    assert settings.BASE_URL + "/fr/" not in page
    # The one-second page cache keeps the two apart.
    clearnet = client.get(f"/en/petitions/{petition.slug}/").content.decode()
    assert ONION not in clearnet


def test_a_signer_who_came_through_the_onion_gets_onion_links_by_email(client, petition, onion,
                                                                         django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/en/petitions/{petition.slug}/sign/", sign_form_data(petition, email="tor@example.org"),
                    HTTP_HOST=ONION_HOST)
    assert Signature.objects.get().via_onion
    body = mail.outbox[0].body
    assert f"{ONION}/en/confirm/" in body and f"{ONION}/en/withdraw/" in body


def test_a_signer_on_the_public_address_gets_public_links(client, petition, onion, settings,
                                                            django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/en/petitions/{petition.slug}/sign/", sign_form_data(petition, email="web@example.org"))
    assert not Signature.objects.get().via_onion
    assert f"{settings.BASE_URL}/en/confirm/" in mail.outbox[0].body and ONION not in mail.outbox[0].body


def test_the_express_lane_marks_onion_signers_too(petition, onion, django_capture_on_commit_callbacks):
    from tests.signatures.test_express import post

    with django_capture_on_commit_callbacks(execute=True):
        answer = post(f"/en/petitions/{petition.slug}/sign/", sign_form_data(petition, email="lane@example.org"),
                      HTTP_HOST=ONION_HOST)
    assert answer.status == 302
    assert Signature.objects.get().via_onion
