"""Email a post to the signers of its petition who asked for updates (Change.org's "updates").

Only confirmed signers who ticked "email me updates" receive it (awaz.news.update_emails), each
in their own language; the worker sends them (awaz.news.tasks).
"""

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from awaz.news import tasks
from awaz.news.models import Post, PostDelivery
from awaz.news.update_emails import subscribers


class UpdateNotSent(Exception):
    """The post cannot be emailed; the message says why, in the operator's language."""


def post_email_subscribers(*, post: Post, actor) -> int:
    """Queue the update emails for a public post that features a petition. Returns how many."""
    if not post.is_public():
        raise UpdateNotSent(_("Publish the post before emailing it."))
    if post.featured_petition_id is None:
        raise UpdateNotSent(_("The post features no petition, so it has no subscribers to email."))
    count = subscribers(post.featured_petition_id).count()
    try:
        with transaction.atomic():
            delivery = PostDelivery.objects.create(
                post=post, petition_id=post.featured_petition_id, requested_by=actor, recipients=count
            )
    except IntegrityError:
        raise UpdateNotSent(_("This post has already been emailed to the petition's subscribers.")) from None
    transaction.on_commit(lambda: tasks.deliver_post(delivery.pk))
    return count
