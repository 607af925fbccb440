from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import FileExtensionValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from awaz.core.translations import TranslationBase, choose_translation
from awaz.news.images import IMAGE_EXTENSIONS, image_upload_to, validate_image_file
from awaz.petitions.models import Organization, Petition

# Paths under /news/ that are pages of their own, so no post may take them as its slug.
RESERVED_SLUGS = {"feed", "tags", "preview", "page", "search"}


class Tag(models.Model):
    name = models.CharField(_("name"), max_length=60)
    slug = models.SlugField(_("slug"), max_length=60, unique=True)

    class Meta:
        verbose_name = _("tag")
        verbose_name_plural = _("tags")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("news:tag", kwargs={"slug": self.slug})


class PostQuerySet(models.QuerySet):
    def public(self, now=None):
        """Posts a visitor may see. A scheduled post is public once its time has come, whether
        or not the worker has flipped its status yet, so a late worker never delays a post."""
        now = now or timezone.now()
        return self.filter(
            Q(status=Post.Status.PUBLISHED) | Q(status=Post.Status.SCHEDULED, publish_at__lte=now)
        )

    def due(self, now=None):
        """Scheduled posts whose time has come but whose status still says scheduled."""
        return self.filter(status=Post.Status.SCHEDULED, publish_at__lte=now or timezone.now())

    def newest_first(self):
        return self.order_by("-publish_at", "-id")

    def listed(self):
        """Newest first, with what a list of post cards shows (no query per post)."""
        return self.select_related("organization").prefetch_related("translations", "tags").newest_first()

    def before(self, post: "Post"):
        """Posts published before `post`, the closest first (ties on the date go by id)."""
        if post.publish_at is None:
            return self.none()
        earlier = Q(publish_at__lt=post.publish_at) | Q(publish_at=post.publish_at, pk__lt=post.pk)
        return self.filter(earlier).order_by("-publish_at", "-id")

    def after(self, post: "Post"):
        """Posts published after `post`, the closest first."""
        if post.publish_at is None:
            return self.none()
        later = Q(publish_at__gt=post.publish_at) | Q(publish_at=post.publish_at, pk__gt=post.pk)
        return self.filter(later).order_by("publish_at", "id")


class Post(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        SCHEDULED = "scheduled", _("scheduled")
        PUBLISHED = "published", _("published")

    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="posts", verbose_name=_("organization")
    )
    slug = models.SlugField(
        _("slug"), max_length=100, unique=True, help_text=_("The post's address. It never changes once the post is saved.")
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    publish_at = models.DateTimeField(
        _("publication date and time"),
        null=True,
        blank=True,
        help_text=_("Shown in the dateline. For a scheduled post, the moment it goes public."),
    )
    original_language = models.CharField(_("original language"), max_length=10, default="en")
    tags = models.ManyToManyField(Tag, blank=True, related_name="posts", verbose_name=_("tags"))
    featured_image = models.FileField(
        _("featured image"),
        upload_to=image_upload_to,
        blank=True,
        validators=[FileExtensionValidator(IMAGE_EXTENSIONS), validate_image_file],
        help_text=_("JPEG, PNG, GIF or WebP. Shown above the post and when the post is shared."),
    )
    featured_petition = models.ForeignKey(
        Petition,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="posts",
        verbose_name=_("featured petition"),
        help_text=_("Shown with the post as a box with its live count and a button to sign."),
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = PostQuerySet.as_manager()

    class Meta:
        verbose_name = _("post")
        verbose_name_plural = _("posts")
        ordering = ["-publish_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="draft") | Q(publish_at__isnull=False), name="post_public_has_date"
            ),
        ]
        indexes = [models.Index(fields=["status", "publish_at"], name="post_status_publish_at")]

    def __str__(self):
        original = self.original()
        return original.title if original else self.slug

    def clean(self):
        if self.slug in RESERVED_SLUGS:
            raise ValidationError({"slug": _("This address is used by the site itself; choose another.")})

    def get_absolute_url(self):
        return reverse("news:detail", kwargs={"slug": self.slug})

    def original(self):
        return next((t for t in self.translations.all() if t.language == self.original_language), None)

    def translated(self, language: str):
        """(translation, is_fallback) for a reader of `language`."""
        return choose_translation(self.translations.all(), language, self.original_language)

    def is_public(self, now=None) -> bool:
        if self.status == self.Status.PUBLISHED:
            return True
        now = now or timezone.now()
        return self.status == self.Status.SCHEDULED and self.publish_at is not None and self.publish_at <= now


class PostTranslation(TranslationBase):
    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="translations")
    title = models.CharField(_("title"), max_length=200)
    place = models.CharField(
        _("place"), max_length=100, blank=True, help_text=_("Where the post is written from, for the dateline, e.g. Geneva.")
    )
    summary = models.TextField(
        _("summary"), max_length=600, blank=True, help_text=_("One or two sentences for lists, feeds and shared links.")
    )
    body = models.TextField(
        _("text"), help_text=_("Markdown. Links, emphasis and images uploaded below are kept; scripts and embeds are removed.")
    )
    image_alt = models.CharField(
        _("featured image description"), max_length=300, blank=True, help_text=_("What the featured image shows, for people who cannot see it.")
    )

    TRANSLATED_FIELDS = ("title", "place", "summary", "body", "image_alt")

    class Meta:
        verbose_name = _("translation")
        verbose_name_plural = _("translations")
        constraints = [models.UniqueConstraint(fields=["post", "language"], name="one_post_translation_per_language")]

    def __str__(self):
        return f"{self.title} [{self.language}]"


class PostImage(models.Model):
    """An image a campaigner uploads to place in a post's Markdown text."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="images", verbose_name=_("post"))
    file = models.FileField(
        _("image"),
        upload_to=image_upload_to,
        validators=[FileExtensionValidator(IMAGE_EXTENSIONS), validate_image_file],
    )
    description = models.CharField(_("description"), max_length=300, blank=True, help_text=_("Used as the image's alternative text."))
    uploaded_at = models.DateTimeField(_("uploaded"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("image")
        verbose_name_plural = _("images")
        ordering = ["uploaded_at", "id"]

    def __str__(self):
        return self.file.name

    def markdown(self) -> str:
        return f"![{self.description}]({self.file.url})" if self.file else ""


class PostDelivery(models.Model):
    """A post emailed to the signers of its featured petition who asked for updates.

    One per post, enforced by the database, so a double click or a retried request can never
    email the same update twice.
    """

    post = models.OneToOneField(Post, on_delete=models.CASCADE, related_name="delivery", verbose_name=_("post"))
    petition = models.ForeignKey(Petition, on_delete=models.CASCADE, related_name="update_deliveries")
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("sent by")
    )
    created_at = models.DateTimeField(_("sent at"), default=timezone.now)
    recipients = models.PositiveIntegerField(_("recipients"), default=0)

    class Meta:
        verbose_name = _("update email")
        verbose_name_plural = _("update emails")

    def __str__(self):
        return f"{self.post} → {self.recipients}"
