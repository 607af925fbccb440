import pytest

from awaz.core.email_address import email_domain, is_plain_address, is_valid_email, normalize_email


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


@pytest.mark.parametrize("address", ["amina@example.org", "A.Mina+x@Mail.Example.ORG", "o'brien@example.org",
                                     "x!#$%&*/=?^_`{|}~-@a-b.c9", "a@" + "b" * 63 + ".org"])
def test_a_plain_address_is_what_both_parsers_make_of_it(address):
    import smtplib

    from django.core.mail.message import sanitize_address

    assert is_plain_address(address)
    assert sanitize_address(address, "utf-8") == address
    assert smtplib.quoteaddr(address) == f"<{address}>"


@pytest.mark.parametrize("address", ["Amina <amina@example.org>", "amina@bücher.example", "a..b@example.org",
                                     ".a@example.org", '"a b"@example.org', "a@example.org.", "a@-example.org",
                                     "a@" + "b" * 64 + ".org", "a@example.org\n", "a@b@example.org", "(x)a@example.org"])
def test_anything_else_is_left_to_the_parsers(address):
    assert not is_plain_address(address)
