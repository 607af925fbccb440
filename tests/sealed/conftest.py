import pytest

from awaz.core.sealing import PrivateKey
from awaz.petitions.models import Petition
from awaz.petitions.services import organization_set_sealing_key, petition_set_privacy_mode
from tests.factories import make_organization, make_petition


@pytest.fixture(scope="session")
def org_key() -> PrivateKey:
    return PrivateKey.generate()


@pytest.fixture
def sealed_petition(db, org_key):
    organization = make_organization()
    organization_set_sealing_key(organization=organization, public_key=org_key.public_key().text)
    petition = make_petition(organization=organization, status=Petition.Status.DRAFT)
    petition_set_privacy_mode(petition=petition, mode="sealed")
    Petition.objects.filter(pk=petition.pk).update(status=Petition.Status.OPEN)
    petition.refresh_from_db()
    return petition


@pytest.fixture
def count_only_petition(db):
    petition = make_petition(status=Petition.Status.DRAFT)
    petition_set_privacy_mode(petition=petition, mode="count-only")
    Petition.objects.filter(pk=petition.pk).update(status=Petition.Status.OPEN)
    petition.refresh_from_db()
    return petition
