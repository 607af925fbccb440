import pytest
from django.contrib.auth.models import User
from django.test import Client

from awaz.accounts.models import TOTPDevice
from awaz.core import totp


@pytest.fixture
def client():
    """Here the test client's login() is just the password: the second factor is what we test."""
    return Client()


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def staff_password():
    return "correct horse battery staple 7"


@pytest.fixture
def superuser(db, staff_password):
    return User.objects.create_superuser("boss", "boss@example.org", staff_password)


@pytest.fixture
def enrolled(superuser):
    """The superuser with a confirmed authenticator app; returns its secret."""
    secret = totp.new_secret()
    TOTPDevice.objects.create(user=superuser, secret=secret, confirmed_at="2025-01-01T00:00:00Z", last_used_step=0)
    return secret
