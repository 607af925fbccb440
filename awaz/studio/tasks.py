"""Background work for the studio: invitation emails."""

from huey.contrib.djhuey import db_task


@db_task(retries=5, retry_delay=60)
def send_invitation(invitation_id: int, language: str = "en") -> None:
    from awaz.studio.models import Invitation
    from awaz.studio.services import invitation_send

    invitation = Invitation.objects.select_related("organization").filter(pk=invitation_id).first()
    if invitation is not None:
        invitation_send(invitation=invitation, language=language)
