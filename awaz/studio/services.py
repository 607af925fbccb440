"""Every change the studio makes goes through here: each function checks, changes, writes its
audit entry, then queues what must be sent. Views and the `awaz invite` command call these."""

import logging
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from awaz.core.mail import build_email
from awaz.petitions.models import Organization, Petition
from awaz.signatures.tokens import new_token, token_hash
from awaz.studio.models import AuditEntry, Invitation, Membership, Role

logger = logging.getLogger(__name__)


class StudioError(Exception):
    """A change that cannot be made, with a message for the campaigner."""


def audit(*, organization: Organization, actor, action: str, petition: Petition | None = None,
          rows: int | None = None, detail: str = "") -> AuditEntry:
    return AuditEntry.objects.create(
        organization=organization, actor=actor, actor_name=actor.get_username() if actor else "awaz",
        action=action, petition=petition, rows=rows, detail=detail[:300],
    )


# --- Team ---------------------------------------------------------------------------------


def invitation_create(*, organization: Organization, email: str, role: str, invited_by=None,
                      language: str = "en", queue: bool = True) -> Invitation:
    """Invite `email` to the organization; the email is sent by the worker after the commit."""
    from awaz.studio import tasks

    if role not in Role.values:
        raise StudioError(_("Choose a role."))
    email = email.strip().lower()
    with transaction.atomic():
        invitation = Invitation.objects.create(
            organization=organization, email=email, role=role, invited_by=invited_by,
            expires_at=timezone.now() + timedelta(days=settings.INVITATION_DAYS),
        )
        audit(organization=organization, actor=invited_by, action=AuditEntry.Action.INVITED,
              detail=f"{email} ({role})")
    if queue:
        transaction.on_commit(lambda: tasks.send_invitation(invitation.pk, language))
    return invitation


def invitation_send(*, invitation: Invitation, language: str) -> bool:
    """Email the invitation with a fresh link; only the link's hash is stored. A link sent
    earlier stops working. Returns False if the invitation can no longer be used."""
    from django.urls import reverse
    from django.utils import translation

    token, digest = new_token()
    claimed = Invitation.objects.filter(pk=invitation.pk, accepted_at__isnull=True, expires_at__gt=timezone.now()).update(
        token_hash=digest
    )
    if not claimed:
        return False
    with translation.override(language):
        url = settings.BASE_URL + reverse("studio:invitation", args=[token])
    context = {
        "organization": invitation.organization.name,
        "role": invitation.get_role_display(),
        "url": url,
        "days": settings.INVITATION_DAYS,
    }
    build_email("studio_invitation", invitation.email, context, language).send()
    return True


def invitation_for_token(token: str) -> Invitation | None:
    invitation = Invitation.objects.select_related("organization").filter(token_hash=token_hash(token)).first()
    return invitation if invitation and invitation.is_usable() else None


def invitation_accept(*, invitation: Invitation, password: str | None) -> Membership:
    """Join the organization. A new person's account is created with `password`; someone who
    already has an account keeps it. The link works once: the claim is a conditional update."""
    User = get_user_model()
    with transaction.atomic():
        claimed = Invitation.objects.filter(
            pk=invitation.pk, accepted_at__isnull=True, expires_at__gt=timezone.now()
        ).update(accepted_at=timezone.now(), token_hash=None)
        if not claimed:
            raise StudioError(_("This invitation has already been used or has expired. Ask for a new one."))
        user = User._default_manager.filter(username=invitation.email).first()
        if user is None:
            if not password:
                raise StudioError(_("Choose a password."))
            user = User._default_manager.create_user(username=invitation.email, email=invitation.email, password=password)
        membership, created = Membership.objects.get_or_create(
            organization=invitation.organization, user=user, defaults={"role": invitation.role}
        )
        if not created and membership.role != invitation.role:
            membership.role = invitation.role
            membership.save(update_fields=["role"])
        audit(organization=invitation.organization, actor=user, action=AuditEntry.Action.JOINED,
              detail=invitation.get_role_display())
    logger.info("Invitation %s accepted", invitation.pk)
    return membership


def member_remove(*, membership: Membership, actor) -> None:
    """Remove someone from the team. The last owner stays: an organization always has one."""
    with transaction.atomic():
        owners = Membership.objects.select_for_update().filter(organization=membership.organization, role=Role.OWNER)
        if membership.role == Role.OWNER and owners.count() <= 1:
            raise StudioError(_("The organization needs at least one owner."))
        membership.delete()
        audit(organization=membership.organization, actor=actor, action=AuditEntry.Action.MEMBER_REMOVED,
              detail=membership.user.get_username())


def organization_ensure(*, slug: str, name: str | None = None) -> tuple[Organization, bool]:
    try:
        with transaction.atomic():
            return Organization.objects.get_or_create(slug=slug, defaults={"name": name or slug})
    except IntegrityError:
        return Organization.objects.get(slug=slug), False


# --- Petitions ----------------------------------------------------------------------------


def petition_create(*, organization: Organization, actor, title: str, language: str) -> Petition:
    """A draft petition from its title alone; its address is made from the title."""
    from awaz.petitions.models import PetitionTranslation
    from awaz.studio.slugs import unique_slug

    title = title.strip()
    if not title:
        raise StudioError(_("Give the petition a title."))
    for _attempt in range(3):
        slug = unique_slug(title, lambda s: Petition.objects.filter(slug=s).exists())
        try:
            with transaction.atomic():
                petition = Petition.objects.create(organization=organization, slug=slug, original_language=language)
                PetitionTranslation.objects.create(petition=petition, language=language, title=title, body="")
                audit(organization=organization, actor=actor, action=AuditEntry.Action.PETITION_CREATED,
                      petition=petition, detail=title)
            return petition
        except IntegrityError:
            continue  # someone took the same slug a moment ago
    raise StudioError(_("Could not make an address for this title. Try again."))


def petition_publish(*, petition: Petition, actor) -> None:
    from awaz.petitions import services

    original = petition.original()
    if original is None or not original.title.strip() or not original.body.strip():
        raise StudioError(_("Write the title and the text before publishing."))
    if petition.closes_at and petition.closes_at <= timezone.now():
        raise StudioError(_("The closing date has passed. Set a later one before publishing."))
    with transaction.atomic():
        if not services.petition_publish(petition=petition):
            raise StudioError(_("This petition is not a draft any more."))
        audit(organization=petition.organization, actor=actor, action=AuditEntry.Action.PETITION_PUBLISHED, petition=petition)


def petition_close(*, petition: Petition, actor) -> None:
    from awaz.petitions import services

    with transaction.atomic():
        if petition.status != Petition.Status.OPEN or not services.petition_close(petition=petition):
            raise StudioError(_("Only an open petition can be closed."))
        audit(organization=petition.organization, actor=actor, action=AuditEntry.Action.PETITION_CLOSED, petition=petition)


def petition_reopen(*, petition: Petition, actor) -> None:
    from awaz.petitions import services

    if petition.closes_at and petition.closes_at <= timezone.now():
        raise StudioError(_("The closing date has passed. Set a later one before reopening."))
    with transaction.atomic():
        if not services.petition_reopen(petition=petition):
            raise StudioError(_("Only a closed petition can be reopened."))
        audit(organization=petition.organization, actor=actor, action=AuditEntry.Action.PETITION_REOPENED, petition=petition)
