from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from awaz.news.models import Post
from tests.factories import make_post

pytestmark = pytest.mark.django_db


def test_it_shows_published_posts_and_scheduled_posts_whose_time_has_come():
    now = timezone.now()
    published = make_post()
    due = make_post(status=Post.Status.SCHEDULED, publish_at=now - timedelta(minutes=1))
    make_post(status=Post.Status.SCHEDULED, publish_at=now + timedelta(minutes=5))
    make_post(status=Post.Status.DRAFT, publish_at=now - timedelta(days=1))

    assert set(Post.objects.public()) == {published, due}


def test_it_serves_a_due_scheduled_post_even_if_the_worker_has_not_run(client):
    post = make_post(status=Post.Status.SCHEDULED, publish_at=timezone.now() - timedelta(seconds=5))

    assert client.get(f"/en/news/{post.slug}/").status_code == 200


def test_it_hides_drafts_and_future_posts(client):
    draft = make_post(status=Post.Status.DRAFT)
    future = make_post(status=Post.Status.SCHEDULED, publish_at=timezone.now() + timedelta(hours=1))

    assert client.get(f"/en/news/{draft.slug}/").status_code == 404
    assert client.get(f"/en/news/{future.slug}/").status_code == 404


def test_it_keeps_the_address_when_the_title_changes(client):
    post = make_post(translations={"en": {"title": "First title", "body": "Text."}})
    url = f"/en/news/{post.slug}/"
    post.translations.update(title="A completely different title")

    response = client.get(url)

    assert response.status_code == 200
    assert "A completely different title" in response.text
    post.refresh_from_db()
    assert post.get_absolute_url() == url


def test_it_refuses_slugs_that_the_news_pages_use():
    post = make_post()
    post.slug = "feed"

    with pytest.raises(ValidationError):
        post.full_clean()


def test_it_requires_a_date_for_a_public_post():
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        make_post(status=Post.Status.PUBLISHED, publish_at=None)
