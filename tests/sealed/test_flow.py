"""Sealed and count-only petitions: what is left of a signer once the email has gone."""

from django.core import mail

from awaz.core.sealing import unseal_json
from awaz.signatures.models import Signature, UpdateRecipient
from tests.factories import link_from_email
from tests.signatures.helpers import sign, sign_and_confirm


def test_it_seals_the_details_once_the_confirmation_email_is_sent(client, sealed_petition, org_key,
                                                                   django_capture_on_commit_callbacks):
    sign_and_confirm(client, sealed_petition, django_capture_on_commit_callbacks, name="Ayşe Sealed",
                     email="ayse@example.org", comment="for my brother", country="TR")
    row = Signature.objects.with_personal_data().get()
    assert row.name is None and row.email is None and row.comment is None and row.email_domain == ""
    assert row.is_confirmed and row.country == "TR"
    details = unseal_json(org_key, row.sealed)
    assert (details["name"], details["email"], details["comment"]) == ("Ayşe Sealed", "ayse@example.org", "for my brother")
    assert not UpdateRecipient.objects.exists()


def test_a_signer_who_wants_updates_keeps_a_separate_readable_address(client, sealed_petition,
                                                                       django_capture_on_commit_callbacks):
    sign_and_confirm(client, sealed_petition, django_capture_on_commit_callbacks, email="news@example.org",
                     wants_updates="on")
    row = Signature.objects.with_personal_data().get()
    assert row.email is None and row.wants_updates
    assert UpdateRecipient.objects.get(signature=row).email == "news@example.org"


def test_count_only_keeps_the_blind_index_and_the_country(client, count_only_petition, django_capture_on_commit_callbacks):
    sign_and_confirm(client, count_only_petition, django_capture_on_commit_callbacks, email="c@example.org",
                     name="Count Me", comment="a comment", wants_updates="on", country="FR")
    row = Signature.objects.with_personal_data().get()
    assert (row.name, row.email, row.comment, row.sealed, row.email_domain, row.network_hash) == (None, None, None, None, "", "")
    assert not row.wants_updates and not row.show_publicly and row.country == "FR" and row.email_index


def test_send_it_again_goes_to_the_address_typed_again(client, sealed_petition, django_capture_on_commit_callbacks):
    sign(client, sealed_petition, django_capture_on_commit_callbacks, email="again@example.org", name="Again")
    Signature.objects.update(last_email_at=None)  # past the pause between two emails
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/en/petitions/{sealed_petition.slug}/resend/", {"email": "Again@Example.org"})
    assert response.status_code == 200
    assert len(mail.outbox) == 2 and mail.outbox[1].to == ["Again@Example.org"]
    assert "Hello," in mail.outbox[1].body
    assert Signature.objects.with_personal_data().get().email is None  # and it is gone again
    with django_capture_on_commit_callbacks(execute=True):
        client.post(link_from_email(mail.outbox[1], "confirm"))
    assert Signature.objects.with_personal_data().get().is_confirmed


def test_signing_again_is_refused_and_tells_the_owner(client, sealed_petition, django_capture_on_commit_callbacks):
    sign_and_confirm(client, sealed_petition, django_capture_on_commit_callbacks, email="dup@example.org")
    Signature.objects.update(last_email_at=None)
    sign(client, sealed_petition, django_capture_on_commit_callbacks, email="DUP+x@example.org")
    assert Signature.objects.count() == 1
    assert mail.outbox[-1].to == ["DUP+x@example.org"] and "already" in mail.outbox[-1].subject.lower()
    assert Signature.objects.with_personal_data().get().email is None


def test_the_fraud_desk_offers_no_blank_source_for_sealed_rows(client, sealed_petition, django_capture_on_commit_callbacks):
    from datetime import timedelta

    from django.utils import timezone

    from awaz.fraud.desk import top_sources

    sign_and_confirm(client, sealed_petition, django_capture_on_commit_callbacks, email="desk@example.org")
    since = timezone.now() - timedelta(hours=1)
    assert top_sources(sealed_petition, "email_domain", since=since) == []
    assert top_sources(sealed_petition, "network_hash", since=since) == []


def test_a_refused_email_leaves_nothing_readable(
    client, sealed_petition, org_key, settings, django_capture_on_commit_callbacks
):
    """The mail server refuses the address for good (550): the details are sealed at once."""
    from aiosmtpd.controller import Controller

    from tests.signatures.test_email_delivery import REFUSED, MailServer
    from tests.signatures.test_smtp import _free_port

    handler = MailServer()
    controller = Controller(handler, hostname="127.0.0.1", port=_free_port())
    controller.start()
    try:
        settings.EMAIL_BACKEND = "awaz.core.smtp.EmailBackend"
        settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", controller.port
        settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
        sign(client, sealed_petition, django_capture_on_commit_callbacks, email=REFUSED, name="Refused Person")
    finally:
        controller.stop()
    row = Signature.objects.with_personal_data().get()
    assert not row.confirmation_due and handler.messages == []
    assert row.name is None and row.email is None
    assert unseal_json(org_key, row.sealed)["name"] == "Refused Person"

