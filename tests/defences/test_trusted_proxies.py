"""Where a request comes from: X-Forwarded-For is trusted only as far as configured proxies go."""

import pytest
from django.test import RequestFactory

from awaz.core.network import client_ip, login_network_hash, network_of
from tests.defences.conftest import sign

pytestmark = pytest.mark.django_db


def request_from(remote: str, forwarded: str | None = None):
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **extra)


def test_it_ignores_x_forwarded_for_entirely_without_proxies(settings):
    settings.TRUSTED_PROXIES = 0

    assert client_ip(request_from("192.0.2.1", "203.0.113.9")) == "192.0.2.1"


def test_it_takes_the_rightmost_entry_behind_one_proxy(settings):
    settings.TRUSTED_PROXIES = 1

    assert client_ip(request_from("10.0.0.1", "203.0.113.9")) == "203.0.113.9"


def test_it_ignores_spoofed_entries_on_the_left(settings):
    settings.TRUSTED_PROXIES = 1

    # The client wrote "1.2.3.4, 5.6.7.8" itself; the proxy appended the address it saw.
    assert client_ip(request_from("10.0.0.1", "1.2.3.4, 5.6.7.8, 203.0.113.9")) == "203.0.113.9"


def test_it_counts_hops_from_the_right_behind_two_proxies(settings):
    settings.TRUSTED_PROXIES = 2

    assert client_ip(request_from("10.0.0.2", "1.2.3.4, 203.0.113.9, 10.0.0.1")) == "203.0.113.9"


def test_it_falls_back_to_the_socket_address_when_entries_are_missing(settings):
    settings.TRUSTED_PROXIES = 2

    assert client_ip(request_from("10.0.0.1", "203.0.113.9")) == "10.0.0.1"
    assert client_ip(request_from("10.0.0.1")) == "10.0.0.1"


def test_it_reduces_addresses_to_their_network():
    assert network_of("203.0.113.77") == "203.0.113.0/24"
    assert network_of("2001:db8:1:2:3:4:5:6") == "2001:db8:1:2::/64"
    assert network_of("::ffff:203.0.113.77") == "203.0.113.0/24"
    assert network_of("garbage") == "unknown"


def test_it_hashes_the_network_never_keeping_the_address(settings):
    settings.TRUSTED_PROXIES = 0
    hashed = login_network_hash(request_from("203.0.113.77"))

    assert hashed == login_network_hash(request_from("203.0.113.5"))
    assert hashed != login_network_hash(request_from("203.0.114.5"))
    assert "203.0.113" not in hashed and len(hashed) == 32


def test_it_cannot_be_dodged_by_forging_x_forwarded_for(client, petition, clock, settings):
    settings.TRUSTED_PROXIES = 0
    settings.RATE_NETWORK_PER_MINUTE = 2
    settings.POW_MODE = "never"

    statuses = [
        sign(client, petition, ip="198.51.100.7", headers={"HTTP_X_FORWARDED_FOR": f"203.0.{n}.1"}).status_code
        for n in range(3)
    ]

    assert statuses == [302, 302, 429]


def test_it_limits_the_client_behind_the_proxy_not_the_proxy(client, petition, clock, settings):
    settings.TRUSTED_PROXIES = 1
    settings.RATE_NETWORK_PER_MINUTE = 2
    settings.POW_MODE = "never"

    for n in range(3):
        response = sign(client, petition, ip="10.0.0.1", headers={"HTTP_X_FORWARDED_FOR": f"203.0.{n}.1"})
        assert response.status_code == 302
