"""Every change the studio makes goes through here: each function checks, changes, writes its
audit entry, then queues what must be sent. Views and the `awaz invite` command call these."""

import logging
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from awaz.core.mail import build_email, send_now
from awaz.petitions.models import Organization, Petition, validate_organization_slug
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
    send_now(build_email("studio_invitation", invitation.email, context, language), "Invitation email")
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
    """The organization with this slug, made if there is none; ValidationError for a slug that
    cannot be an organization's (reserved for the studio's own pages)."""
    validate_organization_slug(slug)
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


def petition_image_set(*, petition: Petition, actor, upload, description: str) -> None:
    """Store a new image (all sizes, metadata stripped) and its description in the original
    language; the previous image's files are removed."""
    from awaz.petitions.models import PetitionTranslation
    from awaz.studio import images

    stem = images.store(upload, folder="petitions", sizes=images.PETITION_SIZES)
    previous = petition.image
    with transaction.atomic():
        Petition.objects.filter(pk=petition.pk).update(image=stem)
        PetitionTranslation.objects.filter(petition=petition, language=petition.original_language).update(image_alt=description)
        audit(organization=petition.organization, actor=actor, action=AuditEntry.Action.IMAGE_UPLOADED, petition=petition)
    petition.image = stem
    transaction.on_commit(lambda: images.remove(previous, images.PETITION_SIZES))


# --- Campaign updates (news posts that feature the petition, emailed by awaz.news) -------


def update_create(*, petition: Petition, actor, title: str, summary: str, body: str):
    """A news post featuring the petition, in the petition's original language, published now."""
    from awaz.news.models import RESERVED_SLUGS, Post, PostTranslation
    from awaz.news.services import post_publish
    from awaz.studio.slugs import unique_slug

    with transaction.atomic():
        slug = unique_slug(title, lambda s: s in RESERVED_SLUGS or Post.objects.filter(slug=s).exists())
        post = Post.objects.create(organization=petition.organization, slug=slug, featured_petition=petition,
                                   original_language=petition.original_language)
        PostTranslation.objects.create(post=post, language=petition.original_language, title=title, summary=summary, body=body)
        post_publish(post=post)
    return post


def update_send_test(*, post, actor, language: str) -> None:
    """The update as a signer in `language` would get it, to the campaigner's own address."""
    from awaz.studio import tasks

    if not actor.email:
        raise StudioError(_("Your account has no email address to send the test to."))
    transaction.on_commit(lambda: tasks.send_test_update(post.pk, actor.pk, language))


def update_send(*, post, actor, again_confirmed: bool) -> int:
    """Email the update to the petition's subscribers (awaz.news.updates). If the petition's
    signers were already emailed an update, a second, explicit confirmation is needed."""
    from awaz.news.models import PostDelivery
    from awaz.news.updates import UpdateNotSent, post_email_subscribers

    petition = post.featured_petition
    if PostDelivery.objects.filter(petition=petition).exists() and not again_confirmed:
        raise StudioError(_("The signers already received an update from this petition. Tick the box to confirm that you want to email them again."))
    try:
        with transaction.atomic():
            count = post_email_subscribers(post=post, actor=actor)
            audit(organization=petition.organization, actor=actor, action=AuditEntry.Action.UPDATE_SENT,
                  petition=petition, rows=count, detail=str(post)[:300])
    except UpdateNotSent as error:
        raise StudioError(str(error)) from None
    return count


# --- Organization, exports, look-ups --------------------------------------------------------


def organization_update(*, organization: Organization, actor, data: dict, logo=None) -> None:
    from awaz.petitions.models import OrganizationTranslation
    from awaz.studio import images

    stem = images.store(logo, folder="logos", sizes=images.LOGO_SIZES, logo=True) if logo else None
    previous_logo = organization.logo
    with transaction.atomic():
        for field in ("name", "website", "reply_to", "time_zone", "brand_colour"):
            setattr(organization, field, data[field])
        if stem:
            organization.logo = stem
        organization.save()
        for code, _name in settings.LANGUAGES:
            text = data.get(f"description_{code}", "").strip()
            if text:
                OrganizationTranslation.objects.update_or_create(organization=organization, language=code,
                                                                 defaults={"description": text})
            else:
                OrganizationTranslation.objects.filter(organization=organization, language=code).delete()
        audit(organization=organization, actor=actor, action=AuditEntry.Action.SETTINGS_CHANGED)
    if stem and previous_logo:
        transaction.on_commit(lambda: images.remove(previous_logo, images.LOGO_SIZES, logo=True))


def export_started(*, petition: Petition, actor, rows: int, language: str) -> None:
    audit(organization=petition.organization, actor=actor, action=AuditEntry.Action.EXPORTED, petition=petition,
          rows=rows, detail=language)


def signature_lookup(*, organization: Organization, actor, email: str):
    """The organization's signatures made with exactly this address (through the blind index).
    The audit entry says who looked and how many were found, never whose."""
    from awaz.fraud.people import person_signatures

    found = list(person_signatures(email=email).filter(petition__organization=organization))
    audit(organization=organization, actor=actor, action=AuditEntry.Action.LOOKED_UP, rows=len(found))
    return found


def comments_moderate(*, organization: Organization, actor, signature_ids, approve: bool) -> int:
    """Approve or hide signers' comments on this organization's petitions (the state changes are
    awaz.signatures.comments'). Ids of other organizations' signatures change nothing. One audit
    entry per petition says how many, never whose or what they wrote. Returns how many changed."""
    from awaz.signatures.services import comments_approve, comments_hide
    from awaz.signatures.models import Signature

    by_petition: dict[int, list[int]] = {}
    for pk, petition_id in Signature.objects.filter(
        pk__in=[int(i) for i in signature_ids if str(i).isdigit()], petition__organization=organization
    ).values_list("pk", "petition_id"):
        by_petition.setdefault(petition_id, []).append(pk)
    changed = 0
    with transaction.atomic():
        for petition_id, ids in by_petition.items():
            count = comments_approve(signature_ids=ids) if approve else comments_hide(signature_ids=ids)
            if count:
                audit(organization=organization, actor=actor, petition=Petition.objects.get(pk=petition_id), rows=count,
                      action=AuditEntry.Action.COMMENTS_APPROVED if approve else AuditEntry.Action.COMMENTS_HIDDEN)
            changed += count
    return changed


def petition_moderation_set(*, petition: Petition, actor, premoderated: bool) -> bool:
    """Whether signers' comments wait for a moderator. Switching it off shows every waiting
    comment at once, so the change is audited. Returns whether anything changed."""
    with transaction.atomic():
        changed = Petition.objects.filter(pk=petition.pk).exclude(comments_premoderated=premoderated).update(
            comments_premoderated=premoderated
        )
        if changed:
            audit(organization=petition.organization, actor=actor, action=AuditEntry.Action.MODERATION_CHANGED,
                  petition=petition, detail="on" if premoderated else "off")
    petition.comments_premoderated = premoderated
    return bool(changed)


def update_schedule(*, post, actor, send_at, again_confirmed: bool):
    """Email the update at `send_at` instead of now. The same checks as sending now apply when
    it is due; the second confirmation for already-emailed signers is asked for here."""
    from awaz.news.models import PostDelivery
    from awaz.studio.models import ScheduledUpdate

    petition = post.featured_petition
    if send_at <= timezone.now():
        raise StudioError(_("Choose a time in the future, or send it now."))
    if PostDelivery.objects.filter(petition=petition).exists() and not again_confirmed:
        raise StudioError(_("The signers already received an update from this petition. Tick the box to confirm that you want to email them again."))
    if PostDelivery.objects.filter(post=post).exists():
        raise StudioError(_("This post has already been emailed to the petition's subscribers."))
    with transaction.atomic():
        scheduled, _created = ScheduledUpdate.objects.update_or_create(
            post=post, sent_at__isnull=True, defaults={"send_at": send_at, "requested_by": actor}
        )
        audit(organization=petition.organization, actor=actor, action=AuditEntry.Action.UPDATE_SCHEDULED,
              petition=petition, detail=f"{send_at.isoformat(timespec='minutes')} {post}"[:300])
    return scheduled


def updates_send_due(*, now=None) -> int:
    """Send every scheduled update whose time has come (the worker runs this every minute).
    Each is claimed by a conditional update first, so two workers never both send one."""
    from awaz.studio.models import ScheduledUpdate

    now = now or timezone.now()
    sent = 0
    for scheduled in ScheduledUpdate.objects.filter(sent_at__isnull=True, send_at__lte=now).select_related(
        "post__featured_petition__organization", "requested_by"
    ):
        if not ScheduledUpdate.objects.filter(pk=scheduled.pk, sent_at__isnull=True).update(sent_at=now):
            continue
        try:
            update_send(post=scheduled.post, actor=scheduled.requested_by, again_confirmed=True)
            sent += 1
        except StudioError:
            logger.warning("Scheduled update %s could not be sent", scheduled.pk)
    return sent
