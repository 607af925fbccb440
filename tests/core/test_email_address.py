import pytest

from awaz.core.email_address import email_domain, is_valid_email, normalize_email


@pytest.mark.parametrize(
    ("address", "normalized"),
    [
        ("Amina@Example.org", "amina@example.org"),
        ("amina+petition@example.org", "amina@example.org"),
        ("a.m.i.n.a@gmail.com", "amina@gmail.com"),
        ("A.Mina+x@GoogleMail.com", "amina@gmail.com"),
        ("a.mina@example.org", "a.mina@example.org"),
        ("  amina@example.org ", "amina@example.org"),
        ("user@bücher.example", "user@xn--bcher-kva.example"),
    ],
)
def test_it_normalizes_variants_of_one_address(address, normalized):
    assert normalize_email(address) == normalized


def test_it_reads_the_domain():
    assert email_domain("x@Mail.Example.ORG") == "mail.example.org"


@pytest.mark.parametrize("address", ["", "no-at-sign", "a@b", "a@@example.org", "a b@example.org", "a@-example.org"])
def test_it_rejects_malformed_addresses(address):
    assert not is_valid_email(address)


def test_it_accepts_a_normal_address():
    assert is_valid_email("amina@example.org")
