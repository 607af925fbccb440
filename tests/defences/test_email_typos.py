"""A mistyped provider gets "did you mean ...?" before any refusal; only real throwaway
domains get the disposable message."""

import re

import pytest

from awaz.core.email_typos import suggest_address, suggest_domain
from tests.defences.conftest import sign, stored

pytestmark = pytest.mark.django_db

DISPOSABLE = b"Addresses from disposable email services cannot be used to sign."


def _checked(response) -> str:
    match = re.search(r'name="email_checked" value="([^"]*)"', response.content.decode())
    return match.group(1) if match else ""


def test_it_suggests_the_provider_for_common_typos():
    assert suggest_domain("gmial.com") == "gmail.com"
    assert suggest_domain("gmail.con") == "gmail.com"
    assert suggest_domain("hotmial.com") == "hotmail.com"
    assert suggest_domain("yandex.ri") == "yandex.ru"
    assert suggest_address("someone@gmial.com") == "someone@gmail.com"


def test_it_leaves_real_domains_alone():
    for domain in ("gmail.com", "mail.ru", "protonmail.ch", "uni-heidelberg.de", "example.org", "gmx.at", "mit.edu"):
        assert suggest_domain(domain) is None, domain


def test_gmial_gets_the_suggestion_not_the_disposable_refusal(client, petition, clock):
    response = sign(client, petition, email="someone@gmial.com")

    assert response.status_code == 400
    assert b"Did you mean someone@gmail.com?" in response.content
    assert DISPOSABLE not in response.content
    assert _checked(response) == "someone@gmial.com"
    assert stored(petition) == 0


def test_a_kept_typo_on_a_trap_domain_is_refused_as_a_typo(client, petition, clock):
    response = sign(client, petition, email="someone@gmial.com", email_checked="someone@gmial.com")

    assert response.status_code == 400
    assert b"does not reach gmail.com" in response.content
    assert DISPOSABLE not in response.content
    assert stored(petition) == 0


def test_a_kept_address_that_only_looks_like_a_typo_is_accepted(client, petition, clock):
    first = sign(client, petition, email="ana@yaho.com")
    assert b"Did you mean ana@yahoo.com?" in first.content

    again = sign(client, petition, email="ana@yaho.com", email_checked=_checked(first))
    assert again.status_code == 302
    assert stored(petition) == 1


def test_a_corrected_address_signs(client, petition, clock):
    sign(client, petition, email="someone@gmial.com")
    assert sign(client, petition, email="someone@gmail.com", email_checked="someone@gmial.com").status_code == 302
    assert stored(petition) == 1


def test_a_real_disposable_domain_gets_the_disposable_refusal(client, petition, clock):
    response = sign(client, petition, email="someone@mailinator.com")

    assert response.status_code == 400
    assert DISPOSABLE in response.content
    assert b"Did you mean" not in response.content


def test_the_suggestion_is_in_the_readers_language(client, petition, clock):
    response = sign(client, petition, email="someone@gmial.com", language="fr")
    assert "someone@gmail.com" in response.content.decode()
    assert b"Did you mean" not in response.content
