"""Every change of a post's state goes through here: the admin, the worker, the demo loader and
the tests call these functions and never set `status` themselves."""

import logging
from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from awaz.core.translations import mark_translations_current
from awaz.news.models import Post

logger = logging.getLogger(__name__)


class PostStateError(Exception):
    """A state change that cannot happen, with a message for the campaigner."""


def post_publish(*, post: Post, now: datetime | None = None) -> bool:
    """Make a post public now. A publication date already in the past (a backdated press
    release) is kept; a missing or future one becomes now. Returns whether anything changed."""
    now = now or timezone.now()
    publish_at = post.publish_at if post.publish_at and post.publish_at <= now else now
    with transaction.atomic():
        changed = (
            Post.objects.filter(pk=post.pk)
            .exclude(status=Post.Status.PUBLISHED)
            .update(status=Post.Status.PUBLISHED, publish_at=publish_at, updated_at=now)
        )
    if changed:
        post.status, post.publish_at = Post.Status.PUBLISHED, publish_at
        logger.info("News post %s published", post.pk)
    return bool(changed)


def post_schedule(*, post: Post, publish_at: datetime | None = None, now: datetime | None = None) -> bool:
    """Set a post to go public at `publish_at` (default: the time already on the post)."""
    now = now or timezone.now()
    publish_at = publish_at or post.publish_at
    if publish_at is None or publish_at <= now:
        raise PostStateError(_("Set a publication date and time in the future before scheduling “%(post)s”.") % {"post": post})
    with transaction.atomic():
        changed = Post.objects.filter(pk=post.pk).update(status=Post.Status.SCHEDULED, publish_at=publish_at, updated_at=now)
    if changed:
        post.status, post.publish_at = Post.Status.SCHEDULED, publish_at
        logger.info("News post %s scheduled", post.pk)
    return bool(changed)


def post_unpublish(*, post: Post, now: datetime | None = None) -> bool:
    """Take a post (published or scheduled) back to draft. Its date is kept for a republish."""
    now = now or timezone.now()
    with transaction.atomic():
        changed = (
            Post.objects.filter(pk=post.pk)
            .exclude(status=Post.Status.DRAFT)
            .update(status=Post.Status.DRAFT, updated_at=now)
        )
    if changed:
        post.status = Post.Status.DRAFT
        logger.info("News post %s unpublished", post.pk)
    return bool(changed)


def post_publish_due(*, now: datetime | None = None) -> int:
    """Record as published every scheduled post whose time has come (run every minute).

    Readers see such posts already (see PostQuerySet.public); this keeps the status honest.
    Each row is claimed with a conditional update, so two workers never both publish one post.
    """
    now = now or timezone.now()
    published = 0
    for post_id in Post.objects.due(now).values_list("pk", flat=True):
        published += Post.objects.filter(pk=post_id, status=Post.Status.SCHEDULED, publish_at__lte=now).update(
            status=Post.Status.PUBLISHED, updated_at=now
        )
    if published:
        logger.info("Published %d scheduled news post(s)", published)
    return published


def post_translations_saved(*, post: Post, changed_languages: set[str]) -> None:
    mark_translations_current(post, changed_languages)
