import pytest
from django.core import mail
from django.urls import reverse

from awaz.news.models import Post, PostDelivery
from awaz.studio.models import AuditEntry
from tests.factories import make_signature

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def published(own_petition):
    own_petition.status = "open"
    own_petition.save()
    return own_petition


def _compose(client, organization, petition, title="We delivered it"):
    response = client.post(reverse("studio:update_new", args=[organization.slug, petition.pk]),
                           {"title": title, "summary": "Thank you all.", "body": "The **UN** received it."})
    assert response.status_code == 302
    return Post.objects.filter(featured_petition=petition).latest("pk")


def _send(client, organization, petition, post, **extra):
    return client.post(reverse("studio:update_send", args=[organization.slug, petition.pk, post.pk]),
                       {"confirmed": "yes", "when": "now", **extra}, follow=True)


def test_it_composes_previews_tests_and_sends_an_update(studio_client, organization, published):
    make_signature(published, email="amina@example.org", name="Signer", wants_updates=True, language="fr")
    make_signature(published, email="nur@example.org", name="Signer", wants_updates=True, language="ar")
    make_signature(published, email="quiet@example.org", name="Signer", wants_updates=False)
    mail.outbox.clear()

    post = _compose(studio_client, organization, published)
    assert post.is_public() and post.original().title == "We delivered it"

    detail = reverse("studio:update", args=[organization.slug, published.pk, post.pk])
    page = studio_client.get(detail + "?language=ar")
    assert page.status_code == 200
    assert page.context["signer_languages"] == ["fr", "ar"]
    assert 'dir="rtl"' in page.content.decode()
    assert len(mail.outbox) == 0

    studio_client.post(reverse("studio:update_test", args=[organization.slug, published.pk, post.pk]), {"language": "fr"})
    assert [m.to for m in mail.outbox] == [["owner@example.org"]]
    assert mail.outbox[0].subject.startswith("[TEST]")
    mail.outbox.clear()

    response = _send(studio_client, organization, published, post)
    assert sorted(m.to[0] for m in mail.outbox) == ["amina@example.org", "nur@example.org"]
    assert PostDelivery.objects.get(post=post).recipients == 2
    assert "Sent on" in response.content.decode() and "to 2 signers" in response.content.decode()
    entry = AuditEntry.objects.get(action="update_sent")
    assert entry.rows == 2 and entry.petition == published


def test_sending_another_update_to_the_same_signers_needs_a_second_confirmation(studio_client, organization, published):
    make_signature(published, email="amina@example.org", name="Signer", wants_updates=True)
    first = _compose(studio_client, organization, published, "First")
    _send(studio_client, organization, published, first)
    second = _compose(studio_client, organization, published, "Second")
    mail.outbox.clear()

    refused = _send(studio_client, organization, published, second)
    assert "Tick the box to confirm" in refused.content.decode()
    assert mail.outbox == [] and not PostDelivery.objects.filter(post=second).exists()

    _send(studio_client, organization, published, second, again="yes")
    assert len(mail.outbox) == 1


def test_the_same_update_is_never_sent_twice(studio_client, organization, published):
    make_signature(published, email="amina@example.org", name="Signer", wants_updates=True)
    post = _compose(studio_client, organization, published)
    _send(studio_client, organization, published, post)
    mail.outbox.clear()
    response = _send(studio_client, organization, published, post, again="yes")
    assert mail.outbox == []
    assert "already been emailed" in response.content.decode()


def test_an_update_can_be_scheduled_and_the_worker_sends_it_when_due(studio_client, organization, published):
    from datetime import timedelta

    from django.utils import timezone

    from awaz.studio.models import ScheduledUpdate
    from awaz.studio.services import updates_send_due

    organization.time_zone = "Asia/Tokyo"
    organization.save()
    make_signature(published, email="amina@example.org", name="Signer", wants_updates=True)
    post = _compose(studio_client, organization, published)
    mail.outbox.clear()
    later = (timezone.now() + timedelta(hours=2)).astimezone(__import__("zoneinfo").ZoneInfo("Asia/Tokyo"))
    _send(studio_client, organization, published, post, when="later", send_at=later.strftime("%Y-%m-%dT%H:%M"))
    scheduled = ScheduledUpdate.objects.get(post=post)
    assert abs((scheduled.send_at - later).total_seconds()) < 60
    assert mail.outbox == [] and AuditEntry.objects.filter(action="update_scheduled").exists()

    assert updates_send_due() == 0
    assert updates_send_due(now=timezone.now() + timedelta(hours=3)) == 1
    assert [m.to for m in mail.outbox] == [["amina@example.org"]]
    assert updates_send_due(now=timezone.now() + timedelta(hours=4)) == 0
    assert PostDelivery.objects.get(post=post).recipients == 1


def test_a_time_in_the_past_is_refused(studio_client, organization, published):
    post = _compose(studio_client, organization, published)
    response = _send(studio_client, organization, published, post, when="later", send_at="2001-01-01T10:00")
    assert "Choose a time in the future" in response.content.decode()
