from datetime import timedelta

import pytest
from django.utils import timezone

from awaz.news.models import Post
from awaz.news.services import PostStateError, post_publish, post_publish_due, post_schedule, post_unpublish
from awaz.news.tasks import publish_due_posts
from tests.factories import make_post

pytestmark = pytest.mark.django_db


def test_it_publishes_a_draft_now():
    post = make_post(status=Post.Status.DRAFT, publish_at=None)

    assert post_publish(post=post) is True

    post.refresh_from_db()
    assert post.status == Post.Status.PUBLISHED
    assert timezone.now() - post.publish_at < timedelta(seconds=5)


def test_it_keeps_a_backdated_publication_date():
    backdated = timezone.now() - timedelta(days=30)
    post = make_post(status=Post.Status.DRAFT, publish_at=backdated)

    post_publish(post=post)

    post.refresh_from_db()
    assert post.publish_at == backdated


def test_it_unpublishes_a_post():
    post = make_post()

    assert post_unpublish(post=post) is True

    assert Post.objects.get(pk=post.pk).status == Post.Status.DRAFT
    assert not Post.objects.public().exists()


def test_it_refuses_to_schedule_in_the_past():
    post = make_post(status=Post.Status.DRAFT, publish_at=timezone.now() - timedelta(minutes=1))

    with pytest.raises(PostStateError):
        post_schedule(post=post)

    assert Post.objects.get(pk=post.pk).status == Post.Status.DRAFT


def test_it_schedules_a_post_for_later():
    when = timezone.now() + timedelta(days=2)
    post = make_post(status=Post.Status.DRAFT, publish_at=None)

    post_schedule(post=post, publish_at=when)

    post.refresh_from_db()
    assert (post.status, post.publish_at) == (Post.Status.SCHEDULED, when)
    assert not Post.objects.public().exists()


def test_the_worker_task_publishes_posts_whose_time_has_come():
    now = timezone.now()
    due = make_post(status=Post.Status.SCHEDULED, publish_at=now - timedelta(minutes=1))
    later = make_post(status=Post.Status.SCHEDULED, publish_at=now + timedelta(hours=1))
    draft = make_post(status=Post.Status.DRAFT, publish_at=now - timedelta(hours=1))

    publish_due_posts()

    assert Post.objects.get(pk=due.pk).status == Post.Status.PUBLISHED
    assert Post.objects.get(pk=later.pk).status == Post.Status.SCHEDULED
    assert Post.objects.get(pk=draft.pk).status == Post.Status.DRAFT


def test_it_publishes_a_scheduled_post_once_when_the_time_comes():
    when = timezone.now() + timedelta(minutes=10)
    post = make_post(status=Post.Status.SCHEDULED, publish_at=when)

    assert post_publish_due(now=when - timedelta(minutes=1)) == 0
    assert post_publish_due(now=when + timedelta(minutes=1)) == 1
    assert post_publish_due(now=when + timedelta(minutes=2)) == 0

    post.refresh_from_db()
    assert post.status == Post.Status.PUBLISHED
    assert post.publish_at == when


def test_it_does_not_publish_a_post_unpublished_before_its_time():
    post = make_post(status=Post.Status.SCHEDULED, publish_at=timezone.now() + timedelta(minutes=1))
    post_unpublish(post=post)

    assert post_publish_due(now=timezone.now() + timedelta(minutes=5)) == 0
    assert Post.objects.get(pk=post.pk).status == Post.Status.DRAFT
