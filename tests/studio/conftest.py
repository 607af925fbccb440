import pytest

from tests.factories import make_member, make_organization, make_petition


@pytest.fixture
def organization(db):
    return make_organization(name="Uyghur Voices", slug="uyghur-voices")


@pytest.fixture
def owner(organization):
    return make_member(organization, role="owner", email="owner@example.org")


@pytest.fixture
def studio_client(client, owner):
    client.force_login(owner.user)
    return client


@pytest.fixture
def own_petition(organization):
    return make_petition(organization=organization, status="draft")


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
