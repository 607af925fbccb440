from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from awaz.core.translations import TranslationBase, choose_translation
from awaz.petitions.embed import validate_origins


class Role(models.TextChoices):
    """What a member of an organization may do (memberships are the studio's, awaz.studio.models)."""

    OWNER = "owner", _("owner")
    EDITOR = "editor", _("editor")
    MODERATOR = "moderator", _("moderator")
    VIEWER = "viewer", _("viewer")


# The studio's own first path segments (awaz/studio/urls.py): an organization with one of these
# slugs would have some of its studio pages answered by Awaz's. A test holds the two together.
RESERVED_ORGANIZATION_SLUGS = frozenset({"site", "logout", "invitation"})


def validate_organization_slug(slug: str) -> None:
    if slug.lower() in RESERVED_ORGANIZATION_SLUGS:
        raise ValidationError(_("This address is used by the site itself; choose another."), code="reserved")


class Organization(models.Model):
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=80, unique=True, validators=[validate_organization_slug])
    website = models.URLField(_("website"), blank=True)
    description = models.TextField(_("short description"), blank=True, max_length=2000)
    # Only the public half: the private key is made offline (`awaz seal-keygen`) and never
    # reaches the server. Sealed petitions seal their signers' details to it (awaz.core.sealing).
    sealing_public_key = models.TextField(
        _("sealing public key"), blank=True, editable=False,
        help_text=_("Set with `awaz seal-key`. Signers of sealed petitions are readable only with the matching private key."),
    )
    # What the studio's dashboard and fraud desk show times in.
    time_zone = models.CharField(_("time zone"), max_length=64, default="UTC")
    # "#rrggbb"; the studio accepts only colours that keep WCAG AA contrast with white text.
    brand_colour = models.CharField(_("brand colour"), max_length=7, blank=True)
    # The stem of the re-encoded logo files under MEDIA_ROOT (see awaz.studio.images).
    logo = models.CharField(_("logo"), max_length=100, blank=True, editable=False)
    reply_to = models.EmailField(_("reply-to address"), blank=True, help_text=_("Where signers' replies to emails go."))

    class Meta:
        verbose_name = _("organization")
        verbose_name_plural = _("organizations")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def described(self, language: str) -> str:
        """The description in `language`, else `description`, else the first one written."""
        rows = [t for t in self.translations.all() if t.description]
        row = next((t for t in rows if t.language == language), None)
        return row.description if row else self.description or (rows[0].description if rows else "")

    @property
    def logo_url(self) -> str:
        """The 400-pixel logo awaz.studio.images stored, or ""."""
        return f"{settings.MEDIA_URL}{self.logo}-400.png" if self.logo else ""


class OrganizationTranslation(TranslationBase):
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="translations")
    description = models.TextField(_("short description"), blank=True, max_length=2000)

    TRANSLATED_FIELDS = ("description",)

    class Meta:
        verbose_name = _("description")
        verbose_name_plural = _("descriptions")
        constraints = [
            models.UniqueConstraint(fields=["organization", "language"], name="one_organization_translation_per_language")
        ]

    def __str__(self):
        return f"{self.organization} [{self.language}]"


class PetitionQuerySet(models.QuerySet):
    def public(self):
        """Petitions a visitor may see: open ones and closed ones (with their final count)."""
        return self.exclude(status=Petition.Status.DRAFT)

    def open(self):
        return self.filter(status=Petition.Status.OPEN).exclude(closes_at__lte=timezone.now())


class Petition(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        OPEN = "open", _("open")
        CLOSED = "closed", _("closed")

    class PrivacyMode(models.TextChoices):
        STANDARD = "standard", _("standard")
        SEALED = "sealed", _("sealed to the organization's key")
        COUNT_ONLY = "count-only", _("count only")

    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="petitions", verbose_name=_("organization"))
    slug = models.SlugField(_("slug"), max_length=80, unique=True, help_text=_("The petition's address. Keep it stable once shared."))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    original_language = models.CharField(_("original language"), max_length=10, default="en")
    goal = models.PositiveIntegerField(
        _("fixed goal"), null=True, blank=True, help_text=_("Leave empty to aim at the next milestone automatically.")
    )
    closes_at = models.DateTimeField(_("closes at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True, editable=False)
    # Set at the first publication: from then on the slug (the shared address) never changes.
    published_at = models.DateTimeField(_("first published"), null=True, blank=True, editable=False)
    # The stem of the re-encoded image files under MEDIA_ROOT (see awaz.studio.images).
    image = models.CharField(_("image"), max_length=100, blank=True, editable=False)
    featured = models.BooleanField(_("featured on the home page"), default=False)
    # What the server keeps of a signer once the confirmation email has gone out
    # (awaz.signatures.sealing). Changed only by `petition_set_privacy_mode`, before anyone signs.
    privacy_mode = models.CharField(
        _("privacy mode"), max_length=10, choices=PrivacyMode.choices, default=PrivacyMode.STANDARD, editable=False
    )
    comments_premoderated = models.BooleanField(
        _("comments wait for a moderator"), default=True, db_default=True,
        help_text=_("Signers' public comments appear only once a moderator approves them."),
    )
    embed_origins = models.TextField(
        _("sites that may embed this petition"), blank=True, validators=[validate_origins],
        help_text=_("One address per line, like https://example.org. Only these sites can show the petition's widget."),
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)

    objects = PetitionQuerySet.as_manager()

    class Meta:
        verbose_name = _("petition")
        verbose_name_plural = _("petitions")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(condition=models.Q(goal__isnull=True) | models.Q(goal__gt=0), name="petition_goal_positive"),
            models.CheckConstraint(
                condition=models.Q(privacy_mode__in=["standard", "sealed", "count-only"]), name="petition_privacy_mode_known"
            ),
        ]

    def __str__(self):
        original = self.original()
        return original.title if original else self.slug

    def get_absolute_url(self):
        return reverse("petitions:detail", kwargs={"slug": self.slug})

    def original(self):
        return next((t for t in self.translations.all() if t.language == self.original_language), None)

    def translated(self, language: str):
        """(translation, is_fallback) for a reader of `language`."""
        return choose_translation(self.translations.all(), language, self.original_language)

    def image_url(self, size: str = "800x420") -> str:
        """One of the sizes awaz.studio.images stored (1200x630, 800x420, 400x210), or ""."""
        return f"{settings.MEDIA_URL}{self.image}-{size}.jpg" if self.image else ""

    @property
    def image_card_url(self) -> str:
        return self.image_url("1200x630")

    @property
    def image_srcset(self) -> str:
        return ", ".join(f"{self.image_url(size)} {size.split('x')[0]}w" for size in ("400x210", "800x420", "1200x630"))

    def is_accepting_signatures(self) -> bool:
        if self.status != self.Status.OPEN:
            return False
        return self.closes_at is None or self.closes_at > timezone.now()


class PetitionTranslation(TranslationBase):
    petition = models.ForeignKey(Petition, on_delete=models.CASCADE, related_name="translations")
    title = models.CharField(_("title"), max_length=200)
    summary = models.TextField(_("summary"), max_length=1000, blank=True)
    body = models.TextField(_("text"), help_text=_("Markdown. Links and emphasis are kept; scripts and embeds are removed."))
    addressees = models.TextField(_("addressed to"), blank=True, help_text=_("One addressee per line."))
    image_alt = models.CharField(
        _("image description"), max_length=300, blank=True, help_text=_("What the image shows, for people who cannot see it.")
    )

    TRANSLATED_FIELDS = ("title", "summary", "body", "addressees")

    class Meta:
        verbose_name = _("translation")
        verbose_name_plural = _("translations")
        constraints = [models.UniqueConstraint(fields=["petition", "language"], name="one_petition_translation_per_language")]

    def __str__(self):
        return f"{self.title} [{self.language}]"

    def addressee_list(self) -> list[str]:
        return [line.strip() for line in self.addressees.splitlines() if line.strip()]
