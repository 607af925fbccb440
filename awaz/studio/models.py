"""Who works for which organization, the invitations that bring them in, and the audit log."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from awaz.petitions.models import Organization, Petition, Role


class Membership(models.Model):
    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("organization")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("user")
    )
    role = models.CharField(_("role"), max_length=10, choices=Role.choices)
    created_at = models.DateTimeField(_("joined"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["organization__name", "user__username"]
        constraints = [
            models.UniqueConstraint(fields=["organization", "user"], name="one_membership_per_organization"),
            models.CheckConstraint(condition=Q(role__in=Role.values), name="membership_role_known"),
        ]

    def __str__(self):
        return f"{self.user} · {self.organization} ({self.get_role_display()})"


class Invitation(models.Model):
    """An email invitation to join an organization. The link's token exists only in the email;
    the database keeps its SHA-256. It works once, until `expires_at`."""

    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="invitations", verbose_name=_("organization")
    )
    email = models.EmailField(_("email"))
    role = models.CharField(_("role"), max_length=10, choices=Role.choices)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("invited by"),
    )
    token_hash = models.CharField(max_length=64, null=True, blank=True, unique=True, editable=False)
    created_at = models.DateTimeField(_("invited"), default=timezone.now, editable=False)
    expires_at = models.DateTimeField(_("expires"))
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-created_at"]
        constraints = [models.CheckConstraint(condition=Q(role__in=Role.values), name="invitation_role_known")]

    def __str__(self):
        return f"{self.organization} ({self.get_role_display()})"

    def is_usable(self) -> bool:
        return self.accepted_at is None and self.expires_at > timezone.now()


class AuditEntry(models.Model):
    """One state change or export made in the studio: who, when, what, on which petition."""

    class Action(models.TextChoices):
        INVITED = "invited", _("invited a member")
        JOINED = "joined", _("joined")
        MEMBER_REMOVED = "member_removed", _("removed a member")
        PETITION_CREATED = "petition_created", _("created a petition")
        PETITION_PUBLISHED = "petition_published", _("published a petition")
        PETITION_CLOSED = "petition_closed", _("closed a petition")
        PETITION_REOPENED = "petition_reopened", _("reopened a petition")
        IMAGE_UPLOADED = "image_uploaded", _("uploaded an image")
        UPDATE_SENT = "update_sent", _("sent an update")
        UPDATE_SCHEDULED = "update_scheduled", _("scheduled an update")
        EXPORTED = "exported", _("exported signatures")
        LOOKED_UP = "looked_up", _("looked up a signature")
        SETTINGS_CHANGED = "settings_changed", _("changed the settings")

    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="audit_entries", verbose_name=_("organization")
    )
    # The name stays readable after the account is deleted.
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("who")
    )
    actor_name = models.CharField(_("who"), max_length=150)
    action = models.CharField(_("what"), max_length=30, choices=Action.choices)
    petition = models.ForeignKey(
        Petition, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("petition")
    )
    rows = models.PositiveIntegerField(_("rows"), null=True, blank=True)
    detail = models.CharField(_("detail"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("when"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit entries")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["organization", "-created_at"], name="audit_by_organization")]

    def __str__(self):
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.actor_name} {self.action}"


class ScheduledUpdate(models.Model):
    """An update to email to the petition's signers later; the worker sends it when it is due
    (awaz.studio.tasks.send_scheduled_updates), claiming it with a conditional update."""

    post = models.OneToOneField("news.Post", on_delete=models.CASCADE, related_name="scheduled_send", verbose_name=_("update"))
    send_at = models.DateTimeField(_("send at"))
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("who")
    )
    created_at = models.DateTimeField(_("scheduled"), default=timezone.now, editable=False)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("scheduled update")
        verbose_name_plural = _("scheduled updates")
        indexes = [models.Index(fields=["send_at"], condition=Q(sent_at__isnull=True), name="scheduled_update_due")]

    def __str__(self):
        return f"{self.post_id} @ {self.send_at:%Y-%m-%d %H:%M}"
