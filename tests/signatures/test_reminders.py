"""One reminder to an unconfirmed signer a day after the confirmation email, within the cap."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from awaz.signatures.models import Signature
from awaz.signatures.outbox import relay_due_confirmations
from awaz.signatures.services import signatures_remind_unconfirmed
from tests.factories import link_from_email, make_pending_signature

pytestmark = pytest.mark.django_db


def _pending(petition, email, *, hours_ago, **fields):
    then = timezone.now() - timedelta(hours=hours_ago)
    signature, _token = make_pending_signature(
        petition, email=email, created_at=then, last_email_at=then, emails_sent=fields.pop("emails_sent", 1), **fields
    )
    return signature


def test_it_reminds_once_a_day_after_the_first_email(petition):
    signature = _pending(petition, "late@example.org", hours_ago=25)

    assert signatures_remind_unconfirmed() == 1
    relay_due_confirmations()
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["late@example.org"]
    assert message.subject.startswith("Reminder: please confirm your signature")
    assert "/confirm/" in link_from_email(message, "confirm")
    assert Signature.objects.get(pk=signature.pk).emails_sent == 2

    assert signatures_remind_unconfirmed(now=timezone.now() + timedelta(days=2)) == 0
    assert len(mail.outbox) == 1


def test_it_waits_a_full_day(petition):
    _pending(petition, "soon@example.org", hours_ago=23)
    assert signatures_remind_unconfirmed() == 0
    assert mail.outbox == []


@pytest.mark.parametrize("emails_sent", [2, 5])
def test_a_signer_who_asked_again_or_reached_the_cap_gets_no_reminder(petition, emails_sent):
    _pending(petition, "busy@example.org", hours_ago=30, emails_sent=emails_sent)
    assert signatures_remind_unconfirmed() == 0
    assert mail.outbox == []


def test_a_confirmed_signer_gets_no_reminder(petition):
    _pending(petition, "done@example.org", hours_ago=30, confirmed_at=timezone.now())
    assert signatures_remind_unconfirmed() == 0


def test_the_reminder_is_in_the_signers_language(petition):
    _pending(petition, "fr@example.org", hours_ago=25, language="fr")
    signatures_remind_unconfirmed()
    relay_due_confirmations()
    assert mail.outbox[0].subject.startswith("Rappel")
