"""The sign form's "<organization> may contact me" choice: off by default, named, stored."""

import pytest

from awaz.signatures.models import Signature
from tests.factories import make_organization, make_petition
from tests.signatures.helpers import sign

pytestmark = pytest.mark.django_db


def test_it_names_the_organization_and_is_off_by_default(client):
    petition = make_petition(organization=make_organization(name="Uyghur Voices"))
    page = client.get(f"/fr/petitions/{petition.slug}/").content.decode()
    assert "<bdi>Uyghur Voices</bdi>" in page
    assert 'name="organization_contact"' in page
    box = page.split('name="organization_contact"')[0].rsplit("<input", 1)[1] + page.split('name="organization_contact"')[1].split(">")[0]
    assert "checked" not in box


def test_it_is_stored_only_when_ticked(client, django_capture_on_commit_callbacks):
    petition = make_petition()
    sign(client, petition, django_capture_on_commit_callbacks, email="yes@example.org", organization_contact="on")
    sign(client, petition, django_capture_on_commit_callbacks, email="no@example.org")
    assert sorted(Signature.objects.values_list("organization_contact", flat=True)) == [False, True]
