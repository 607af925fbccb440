"""The update email and who receives it: confirmed signers who ticked "email me updates", each
in their own language, each with a link that stops further updates without withdrawing the
signature. (Queueing them is awaz.news.updates; sending them, awaz.news.tasks.)"""

from django.conf import settings
from django.utils import translation

from awaz.core.mail import build_email
from awaz.news.models import Post
from awaz.signatures.models import Signature


def update_email(*, post: Post, petition, to: str, name: str, language: str, unsubscribe_url: str, base: str = ""):
    """The update email for one reader: the one signers get, and the studio's preview and test.
    `base` is the site's address the links use (the onion address for a signer who came by Tor)."""
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
