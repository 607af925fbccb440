"""Public comments: what signers wrote under "Why are you signing?", shown on the petition page
only when the signer chose to show it with their name, the signature is confirmed and, where the
petition moderates comments first (the default), a moderator has approved it.

Approving and hiding are the two state changes, each one conditional update
(awaz.signatures.services.comments_approve and comments_hide); the queue in the admin calls them.
"""

from django.db.models import Q

from awaz.signatures.models import Signature

PUBLIC_COMMENTS_SHOWN = 10


def visible_comments():
    """Signatures whose comment the public may read (the petition's moderation setting applied)."""
    return Signature.objects.confirmed().filter(
        show_publicly=True, comment_shown=True, comment__isnull=False, name__isnull=False
    ).filter(Q(comment_approved_at__isnull=False) | Q(petition__comments_premoderated=False))


def awaiting_moderation():
    """Comments their signers want shown, on moderated petitions, not yet approved."""
    return Signature.objects.confirmed().filter(
        show_publicly=True, comment_shown=True, comment__isnull=False, comment_approved_at__isnull=True,
        petition__comments_premoderated=True,
    )
