"""Campaign updates: a post emailed to the petition's signers who asked for updates."""

import pytest
from django.contrib.auth.models import User
from django.core import mail
from django.utils import timezone

from awaz.news.models import PostDelivery
from awaz.news.updates import UpdateNotSent, post_email_subscribers
from awaz.signatures.models import Signature
from tests.factories import link_from_email, make_pending_signature, make_petition, make_post


def _confirmed(petition, email, **fields):
    signature, _ = make_pending_signature(petition, email=email, **fields)
    Signature.objects.filter(pk=signature.pk).update(confirmed_at=timezone.now())
    return signature


@pytest.fixture
def campaign(db):
    petition = make_petition()
    post = make_post(
        featured_petition=petition,
        translations={
            "en": {"title": "We delivered the petition", "place": "Geneva", "summary": "Thank you.", "body": "Text"},
            "fr": {"title": "Nous avons remis la pétition", "place": "Genève", "summary": "Merci.", "body": "Texte"},
        },
    )
    return petition, post


def test_it_emails_only_confirmed_signers_who_asked(campaign, django_capture_on_commit_callbacks):
    petition, post = campaign
    _confirmed(petition, "yes@example.org", wants_updates=True)
    _confirmed(petition, "french@example.org", wants_updates=True, language="fr")
    _confirmed(petition, "no@example.org", wants_updates=False)
    make_pending_signature(petition, email="pending@example.org", wants_updates=True)
    with django_capture_on_commit_callbacks(execute=True):
        assert post_email_subscribers(post=post, actor=None) == 2
    assert sorted(m.to[0] for m in mail.outbox) == ["french@example.org", "yes@example.org"]
    french = next(m for m in mail.outbox if m.to == ["french@example.org"])
    assert french.subject == "Nous avons remis la pétition"
    assert "/fr/news/" in french.body
    assert french.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


def test_it_never_emails_the_same_post_twice(campaign, django_capture_on_commit_callbacks):
    petition, post = campaign
    _confirmed(petition, "yes@example.org", wants_updates=True)
    with django_capture_on_commit_callbacks(execute=True):
        post_email_subscribers(post=post, actor=None)
    with pytest.raises(UpdateNotSent):
        post_email_subscribers(post=post, actor=None)
    assert len(mail.outbox) == 1
    assert PostDelivery.objects.count() == 1


def test_it_refuses_a_draft_or_a_post_without_petition(db):
    with pytest.raises(UpdateNotSent):
        post_email_subscribers(post=make_post(status="draft", publish_at=None), actor=None)
    with pytest.raises(UpdateNotSent):
        post_email_subscribers(post=make_post(), actor=None)


def test_it_stops_updates_without_withdrawing(client, campaign, django_capture_on_commit_callbacks):
    petition, post = campaign
    signature = _confirmed(petition, "yes@example.org", wants_updates=True)
    with django_capture_on_commit_callbacks(execute=True):
        post_email_subscribers(post=post, actor=None)
    path = link_from_email(mail.outbox[0], "unsubscribe")
    assert client.get(path).status_code == 200
    assert Signature.objects.get(pk=signature.pk).wants_updates  # GET changes nothing
    assert client.post(path).status_code == 200
    signature.refresh_from_db()
    assert not signature.wants_updates
    assert signature.confirmed_at is not None


def test_it_asks_before_sending_from_the_admin(admin_client, campaign, django_capture_on_commit_callbacks):
    petition, post = campaign
    _confirmed(petition, "yes@example.org", wants_updates=True)
    data = {"action": "email_subscribers", "_selected_action": [post.pk]}
    page = admin_client.post("/admin/news/post/", data)
    assert "1 confirmed signer" in page.content.decode()
    assert mail.outbox == []
    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post("/admin/news/post/", {**data, "confirmed": "yes"})
    assert len(mail.outbox) == 1
    assert PostDelivery.objects.get().requested_by == User.objects.get(username="admin")


def test_it_lists_updates_on_the_petition_page(client, campaign):
    petition, post = campaign
    page = client.get(f"/fr/petitions/{petition.slug}/").content.decode()
    assert "Nous avons remis la pétition" in page
    assert f'href="/fr/news/{post.slug}/"' in page
