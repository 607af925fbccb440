"""Background work for the studio: invitation emails."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task


@db_task(retries=5, retry_delay=60)
def send_invitation(invitation_id: int, language: str = "en") -> None:
    from awaz.studio.models import Invitation
    from awaz.studio.services import invitation_send

    invitation = Invitation.objects.select_related("organization").filter(pk=invitation_id).first()
    if invitation is not None:
        invitation_send(invitation=invitation, language=language)


@db_task(retries=3, retry_delay=60)
def send_test_update(post_id: int, user_id: int, language: str) -> None:
    from django.conf import settings
    from django.contrib.auth import get_user_model

    from awaz.core.mail import send_now
    from awaz.news.models import Post
    from awaz.news.update_emails import update_email

    post = Post.objects.select_related("featured_petition").filter(pk=post_id).first()
    user = get_user_model()._default_manager.filter(pk=user_id).first()
    if post is None or user is None or not user.email or post.featured_petition is None:
        return
    message = update_email(post=post, petition=post.featured_petition, to=user.email, name=user.get_username(),
                           language=language, unsubscribe_url=f"{settings.BASE_URL}/")
    message.subject = f"[TEST] {message.subject}"
    send_now(message, "Test update email")


@db_periodic_task(crontab(minute="*"))
def send_scheduled_updates() -> int:
    from awaz.studio.services import updates_send_due

    return updates_send_due()


@db_periodic_task(crontab(minute="*"))
def send_defence_alerts() -> int:
    from awaz.studio.alerts import alerts_send_due

    return alerts_send_due()
