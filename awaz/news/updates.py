"""Email a post to the signers of its petition who asked for updates (Change.org's "updates").

Only confirmed signers who ticked "email me updates" receive it, each in their own language,
each with a link that stops further updates without withdrawing the signature.
"""

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from awaz.news.models import Post, PostDelivery
from awaz.signatures.models import Signature


class UpdateNotSent(Exception):
    """The post cannot be emailed; the message says why, in the operator's language."""


def update_email(*, post: Post, petition, to: str, name: str, language: str, unsubscribe_url: str, base: str = ""):
    """The update email for one reader: the one signers get, and the studio's preview and test.
    `base` is the site's address the links use (the onion address for a signer who came by Tor)."""
    from django.conf import settings
    from django.utils import translation

    from awaz.core.mail import build_email

    post_text, _fallback = post.translated(language)
    petition_text, _fallback = petition.translated(language)
    with translation.override(language):
        post_url = (base or settings.BASE_URL) + post.get_absolute_url()
    context = {
        "name": name,
        "post_title": post_text.title if post_text else post.slug,
        "post_summary": getattr(post_text, "summary", ""),
        "post_url": post_url,
        "petition_title": petition_text.title if petition_text else petition.slug,
        "unsubscribe_url": unsubscribe_url,
    }
    message = build_email("petition_update", to, context, language, organization=petition.organization)
    # RFC 8058: mail providers offer a one-click "unsubscribe" that POSTs to this address.
    message.extra_headers["List-Unsubscribe"] = f"<{unsubscribe_url}>"
    message.extra_headers["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    return message


def subscribers(petition_id: int):
    return Signature.objects.confirmed().filter(petition_id=petition_id, wants_updates=True)


def post_email_subscribers(*, post: Post, actor) -> int:
    """Queue the update emails for a public post that features a petition. Returns how many."""
    from awaz.news import tasks

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
