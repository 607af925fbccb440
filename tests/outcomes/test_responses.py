"""Responses: published once, in the reader's language with a fallback, and emailed once to the
signers who asked for updates, each in their own language, with an unsubscribe link."""

import pytest
from django.core import mail

from awaz.outcomes import services, tasks
from awaz.outcomes.models import AuditEntry
from awaz.signatures.services import signature_confirm
from tests.factories import make_pending_signature, make_response, make_target

pytestmark = pytest.mark.django_db(transaction=True)


def subscriber(petition, email, language, wants_updates=True):
    signature, token = make_pending_signature(petition, email=email, language=language, wants_updates=wants_updates,
                                              name=f"Name of {email}")
    signature_confirm(token=token)
    return signature


def test_it_emails_each_subscriber_once_in_their_language(petition):
    target = make_target(petition, translations={"en": {"name": "Jane Minister"}, "ar": {"name": "الوزيرة جين"}})
    subscriber(petition, "ar@example.org", "ar")
    subscriber(petition, "ja@example.org", "ja")
    subscriber(petition, "quiet@example.org", "en", wants_updates=False)
    response = make_response(petition, target=target, translations={"en": "We will act.", "ar": "سنتحرك."})
    mail.outbox.clear()

    assert services.response_publish(response=response) is True
    assert services.response_publish(response=response) is False  # a second click changes nothing
    tasks.announce.call_local("response", response.pk)  # a retried task sends nothing more

    by_address = {m.to[0]: m for m in mail.outbox}
    assert sorted(by_address) == ["ar@example.org", "ja@example.org"]
    arabic = by_address["ar@example.org"]
    assert "الوزيرة جين" in arabic.body and "سنتحرك." in arabic.body
    assert 'dir="rtl"' in arabic.alternatives[0][0]
    japanese = by_address["ja@example.org"]
    assert "Jane Minister" in japanese.body and "We will act." in japanese.body  # fallback to the original
    assert "/ja/" in japanese.body
    for message in mail.outbox:
        assert "/unsubscribe/" in message.extra_headers["List-Unsubscribe"]
    assert AuditEntry.objects.filter(petition=petition, action="response").count() == 1


def test_it_refuses_to_publish_an_empty_response(petition):
    response = make_response(petition, translations={})
    with pytest.raises(services.OutcomeError):
        services.response_publish(response=response)


def test_an_unsubscribed_signer_gets_nothing(client, petition):
    from awaz.signatures.models import Signature

    signature = subscriber(petition, "gone@example.org", "en")
    Signature.objects.filter(pk=signature.pk).update(wants_updates=False)
    mail.outbox.clear()
    services.response_publish(response=make_response(petition))
    assert mail.outbox == []
