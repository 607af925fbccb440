"""The signing pipeline's one call for a request's network rate key and stored tag gives the
rate key and the tag of the request's network, for IPv4 and IPv6."""

import pytest
from django.test import RequestFactory

from awaz.core.network import client_ip, network_rate_key, network_rate_key_and_tag, tag_key, tag_of_network


@pytest.mark.parametrize("address", ["198.51.100.7", "2001:db8:1:2:3:4:5:6", "::ffff:192.0.2.9", "not-an-address"])
def test_the_pair_is_the_rate_key_and_the_tag(address):
    request = RequestFactory().get("/", REMOTE_ADDR=address)
    tag = tag_of_network(client_ip(request), tag_key())
    assert network_rate_key_and_tag(request) == (network_rate_key(request), tag)


def test_an_ipv6_signer_is_counted_by_the_64_and_tagged_by_the_48():
    one = RequestFactory().get("/", REMOTE_ADDR="2001:db8:1:2::1")
    same_48 = RequestFactory().get("/", REMOTE_ADDR="2001:db8:1:3::1")
    assert network_rate_key_and_tag(one)[1] == network_rate_key_and_tag(same_48)[1]
