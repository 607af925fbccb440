"""The signing pipeline's one call for a request's network rate key and stored tag gives what
the two separate functions give, for IPv4 and IPv6."""

import pytest
from django.test import RequestFactory

from awaz.core.network import network_rate_key, network_rate_key_and_tag, network_tag


@pytest.mark.parametrize("address", ["198.51.100.7", "2001:db8:1:2:3:4:5:6", "::ffff:192.0.2.9", "not-an-address"])
def test_the_pair_is_the_rate_key_and_the_tag(address):
    request = RequestFactory().get("/", REMOTE_ADDR=address)
    assert network_rate_key_and_tag(request) == (network_rate_key(request), network_tag(request))


def test_an_ipv6_signer_is_counted_by_the_64_and_tagged_by_the_48():
    one = RequestFactory().get("/", REMOTE_ADDR="2001:db8:1:2::1")
    same_48 = RequestFactory().get("/", REMOTE_ADDR="2001:db8:1:3::1")
    assert network_rate_key_and_tag(one)[1] == network_rate_key_and_tag(same_48)[1]
