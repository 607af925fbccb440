"""Campaign updates reach sealed signers through their separate update record, and only them."""

from django.core import mail

from awaz.news.updates import post_email_subscribers
from awaz.signatures.models import Signature, UpdateRecipient
from tests.factories import make_post
from tests.signatures.helpers import sign_and_confirm


def _update_link(message) -> str:
    import re

    return re.search(r"https?://[^/\s]+(/[a-z-]+/unsubscribe/[A-Za-z0-9_-]+/)", message.body).group(1)


def test_updates_go_to_the_update_record_and_stop_with_it(client, sealed_petition, django_capture_on_commit_callbacks):
    sign_and_confirm(client, sealed_petition, django_capture_on_commit_callbacks, email="wants@example.org",
                     name="Wants Updates", wants_updates="on")
    sign_and_confirm(client, sealed_petition, django_capture_on_commit_callbacks, email="quiet@example.org")
    post = make_post(featured_petition=sealed_petition)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert post_email_subscribers(post=post, actor=None) == 1
    assert [m.to for m in mail.outbox] == [["wants@example.org"]]
    assert "Wants Updates" not in mail.outbox[0].body  # the name is sealed: "Hello,"
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(_update_link(mail.outbox[0])).status_code == 200
    assert not UpdateRecipient.objects.exists()
    assert Signature.objects.confirmed().count() == 2  # the signature still counts


def test_retention_erases_the_update_record(client, sealed_petition, django_capture_on_commit_callbacks, settings):
    from datetime import timedelta

    from django.utils import timezone

    from awaz.petitions.models import Petition
    from awaz.signatures.tasks import signatures_erase_expired

    sign_and_confirm(client, sealed_petition, django_capture_on_commit_callbacks, email="kept@example.org",
                     wants_updates="on")
    Petition.objects.filter(pk=sealed_petition.pk).update(
        status=Petition.Status.CLOSED, closed_at=timezone.now() - timedelta(days=settings.RETENTION_DAYS + 1))
    assert signatures_erase_expired() == 1
    assert not UpdateRecipient.objects.exists()


def test_a_declared_outcome_reaches_the_update_record(client, sealed_petition, django_capture_on_commit_callbacks):
    from awaz.outcomes import services, tasks
    from tests.factories import make_outcome

    sign_and_confirm(client, sealed_petition, django_capture_on_commit_callbacks, email="fan@example.org",
                     name="Sealed Fan", wants_updates="on")
    outcome = make_outcome(sealed_petition, kind="won", close_signing=False)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert services.outcome_declare(outcome=outcome, notify=False) is True
    tasks.announce.call_local("outcome", outcome.pk)
    assert [m.to for m in mail.outbox] == [["fan@example.org"]]
    assert "Sealed Fan" not in mail.outbox[0].body
