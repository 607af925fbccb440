"""Throwaway email addresses are refused at signing, without any network look-up."""

import socket

import pytest

from awaz.core.disposable import is_disposable_domain
from tests.defences.conftest import sign, stored

pytestmark = pytest.mark.django_db

MESSAGE = b"Addresses from disposable email services cannot be used to sign."


@pytest.fixture(autouse=True)
def no_network(monkeypatch):
    """Signing must not touch the network: no DNS, no MX look-ups."""

    def refuse(*args, **kwargs):
        raise AssertionError("signing tried to use the network")

    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    monkeypatch.setattr(socket, "gethostbyname", refuse)


def test_it_refuses_a_disposable_domain_with_a_clear_form_error(client, petition, clock):
    response = sign(client, petition, email="someone@mailinator.com")

    assert response.status_code == 400
    assert MESSAGE in response.content
    assert stored(petition) == 0


def test_it_refuses_subdomains_of_a_disposable_domain(client, petition, clock):
    response = sign(client, petition, email="someone@inbox.eu.mailinator.com")

    assert response.status_code == 400
    assert MESSAGE in response.content


def test_it_refuses_a_disposable_domain_whatever_its_case(client, petition, clock):
    assert sign(client, petition, email="Someone@MAILINATOR.com").status_code == 400


def test_it_accepts_ordinary_domains(client, petition, clock):
    for email in ("a@gmail.com", "b@uni-heidelberg.de", "c@campus.example"):
        assert sign(client, petition, email=email).status_code == 302
    assert stored(petition) == 3


def test_it_accepts_a_domain_that_merely_ends_like_a_listed_one(client, petition, clock):
    assert is_disposable_domain("mailinator.com")
    assert not is_disposable_domain("xmailinator.com")


def test_it_refuses_a_syntactically_invalid_address_without_looking_it_up(client, petition, clock):
    response = sign(client, petition, email="no-at-sign.example")

    assert response.status_code == 400
    assert stored(petition) == 0
