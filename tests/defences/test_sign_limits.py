"""The rate limits as a visitor meets them: through the sign form."""

import pytest
from django.utils.translation import trans_real

from tests.defences.conftest import sign, stored

pytestmark = pytest.mark.django_db


@pytest.fixture
def small_limits(settings):
    settings.RATE_NETWORK_PER_MINUTE = 3
    settings.RATE_NETWORK_PER_HOUR = 5
    settings.RATE_DOMAIN_PER_HOUR = 4
    settings.RATE_LARGE_DOMAIN_PER_HOUR = 50
    settings.RATE_PETITION_PER_MINUTE = 100
    settings.POW_MODE = "never"


def test_it_refuses_a_burst_from_one_network_with_429(client, petition, clock, small_limits):
    statuses = [sign(client, petition, ip="198.51.100.7").status_code for _ in range(4)]

    assert statuses == [302, 302, 302, 429]
    assert stored(petition) == 3


def test_it_answers_429_with_retry_after_and_stores_nothing(client, petition, clock, small_limits):
    for _ in range(3):
        sign(client, petition)

    response = sign(client, petition)

    assert response.status_code == 429
    assert response["Retry-After"] == "80"  # the rest of this minute, then a third of the next
    assert response["Cache-Control"] == "no-store"
    assert b"Please try again in 2 minutes." in response.content
    assert b"from your network" in response.content
    assert stored(petition) == 3


def test_it_treats_the_whole_slash_24_as_one_network(client, petition, clock, small_limits):
    for last in (1, 2, 3):
        sign(client, petition, ip=f"198.51.100.{last}")

    assert sign(client, petition, ip="198.51.100.200").status_code == 429


def test_it_treats_an_ipv6_slash_64_as_one_network(client, petition, clock, small_limits):
    for last in (1, 2, 3):
        sign(client, petition, ip=f"2001:db8:1:2::{last}")

    assert sign(client, petition, ip="2001:db8:1:2:ffff::9").status_code == 429
    assert sign(client, petition, ip="2001:db8:1:3::1").status_code == 302


def test_it_still_lets_a_different_network_sign(client, petition, clock, small_limits):
    for _ in range(4):
        sign(client, petition, ip="198.51.100.7")

    response = sign(client, petition, ip="203.0.113.9")

    assert response.status_code == 302
    assert stored(petition) == 4


def test_it_lets_the_network_sign_again_after_the_window(client, petition, clock, small_limits):
    for _ in range(4):
        sign(client, petition)

    clock.advance(120)

    assert sign(client, petition).status_code == 302


def test_it_applies_the_hourly_network_limit(client, petition, clock, small_limits):
    statuses = []
    for n in range(6):
        statuses.append(sign(client, petition, email=f"person{n}@gmail.com").status_code)
        clock.advance(61)  # never a burst

    assert statuses == [302] * 5 + [429]
    clock.advance(2 * 3600)
    assert sign(client, petition).status_code == 302


def test_it_limits_signatures_per_small_email_domain(client, petition, clock, small_limits):
    ips = iter(f"203.0.{n}.1" for n in range(1, 20))
    statuses = [sign(client, petition, ip=next(ips), email=f"p{n}@x{n}.flood.example").status_code for n in range(5)]

    assert statuses == [302, 302, 302, 302, 429]
    assert sign(client, petition, ip=next(ips), email="someone@campus.example").status_code == 302
    clock.advance(2 * 3600)
    assert sign(client, petition, ip=next(ips), email="later@flood.example").status_code == 302


def test_it_gives_large_email_providers_a_much_higher_limit(client, petition, clock, small_limits):
    ips = (f"203.0.{n}.1" for n in range(1, 20))
    statuses = [sign(client, petition, ip=next(ips), email=f"person{n}@gmail.com").status_code for n in range(8)]

    assert statuses == [302] * 8


def test_it_refuses_once_the_petition_ceiling_is_reached(client, petition, clock, small_limits, settings):
    settings.RATE_PETITION_PER_MINUTE = 2
    statuses = [sign(client, petition, ip=f"203.0.{n}.1").status_code for n in range(1, 4)]

    assert statuses == [302, 302, 429]


def test_it_does_not_let_one_petitions_flood_limit_another(client, clock, small_limits):
    from tests.factories import make_petition

    first, second = make_petition(), make_petition()
    for _ in range(4):
        sign(client, first)

    assert sign(client, second).status_code == 302


@pytest.fixture
def french_catalog():
    """Awaz's catalogs are generated separately; one French entry shows the page follows the
    visitor's language."""
    catalog = trans_real.translation("fr")._catalog
    msgid = "Please wait a moment"
    previous = catalog.get(msgid)
    catalog[msgid] = "Merci de patienter un instant"
    yield
    if previous is None:
        catalog._catalogs[0].pop(msgid, None)
    else:
        catalog[msgid] = previous


def test_it_explains_the_refusal_in_the_visitors_language(client, petition, clock, small_limits, french_catalog):
    for _ in range(3):
        sign(client, petition, language="fr")

    response = sign(client, petition, language="fr")

    assert response.status_code == 429
    assert '<html lang="fr"' in response.content.decode()
    assert "Merci de patienter un instant" in response.content.decode()
