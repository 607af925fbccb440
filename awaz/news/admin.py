from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from awaz.core.admin_translations import TranslationWorkbenchMixin
from awaz.core.translations import translation_status
from awaz.news.models import Post, PostImage, PostTranslation, Tag
from awaz.news.services import PostStateError, post_publish, post_schedule, post_translations_saved, post_unpublish
from awaz.news.update_emails import subscribers
from awaz.news.updates import UpdateNotSent, post_email_subscribers


@admin.register(Tag)
class TagAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    search_fields = ["name", "slug"]


class PostTranslationForm(forms.ModelForm):
    language = forms.ChoiceField(label=_("language"), choices=settings.LANGUAGES)

    class Meta:
        model = PostTranslation
        fields = ["language", "title", "place", "summary", "body", "image_alt"]


class PostTranslationInline(admin.StackedInline):
    model = PostTranslation
    form = PostTranslationForm
    extra = 0
    min_num = 1
    readonly_fields = ["status"]
    fields = ["language", "status", "title", "place", "summary", "body", "image_alt"]

    @admin.display(description=_("translation status"))
    def status(self, obj):
        if not obj.pk:
            return "—"
        return translation_status(obj, obj.post.original()).label


class PostImageInline(admin.TabularInline):
    model = PostImage
    extra = 1
    fields = ["file", "description", "markdown_snippet"]
    readonly_fields = ["markdown_snippet"]

    @admin.display(description=_("to place it in the text, copy"))
    def markdown_snippet(self, obj):
        return format_html("<code>{}</code>", obj.markdown()) if obj.pk and obj.file else "—"


class PostForm(forms.ModelForm):
    PUBLICATION_CHOICES = [
        ("", _("keep as it is")),
        ("publish", _("publish now")),
        ("schedule", _("schedule for the publication date and time")),
        ("unpublish", _("unpublish (back to draft)")),
    ]
    original_language = forms.ChoiceField(label=_("original language"), choices=settings.LANGUAGES)
    publication = forms.ChoiceField(
        label=_("on save"), choices=PUBLICATION_CHOICES, required=False, help_text=_("What to do with the post once saved.")
    )

    class Meta:
        model = Post
        fields = "__all__"

    def clean(self):
        cleaned = super().clean()
        action, publish_at = cleaned.get("publication"), cleaned.get("publish_at")
        if action == "schedule" and (publish_at is None or publish_at <= timezone.now()):
            self.add_error("publish_at", _("To schedule the post, set a publication date and time in the future."))
        status = self.instance.status if self.instance.pk else Post.Status.DRAFT
        if action == "" and status != Post.Status.DRAFT and publish_at is None:
            self.add_error("publish_at", _("A published or scheduled post needs a publication date."))
        if action == "" and status == Post.Status.PUBLISHED and publish_at and publish_at > timezone.now():
            self.add_error("publish_at", _("This post is already public. To publish it later, choose “schedule”."))
        return cleaned


@admin.register(Post)
class PostAdmin(TranslationWorkbenchMixin, admin.ModelAdmin):
    translation_parent_field = "post"
    form = PostForm
    inlines = [PostTranslationInline, PostImageInline]
    list_display = ["__str__", "organization", "status", "publish_at", "languages", "links"]
    list_filter = ["status", "organization", "tags"]
    search_fields = ["slug", "translations__title"]
    autocomplete_fields = ["organization", "featured_petition", "tags"]
    date_hierarchy = "publish_at"
    actions = ["publish", "schedule", "unpublish", "email_subscribers"]
    fieldsets = [
        (None, {"fields": ["organization", "slug", "original_language", "tags", "translation_overview"]}),
        (_("Publication"), {"fields": ["status", "publish_at", "publication"]}),
        (_("Featured"), {"fields": ["featured_image", "featured_petition"]}),
        (_("Record"), {"fields": ["created_at", "updated_at"], "classes": ["collapse"]}),
    ]

    class Media:
        # Fills the slug from the original title while a post is being created.
        js = ["admin/js/urlify.js", "news/admin_slug.js"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("organization").prefetch_related("translations")

    def get_readonly_fields(self, request, obj=None):
        readonly = ["status", "created_at", "updated_at", "translation_overview"]
        # Links to a post must keep working: its slug is fixed once it exists.
        return readonly + ["slug"] if obj else readonly

    @admin.display(description=_("languages"))
    def languages(self, obj):
        return ", ".join(sorted(t.language for t in obj.translations.all()))

    @admin.display(description=_("links"))
    def links(self, obj):
        preview = reverse("news:preview", kwargs={"pk": obj.pk})
        if obj.is_public():
            return format_html('<a href="{}">{}</a> · <a href="{}">{}</a>', obj.get_absolute_url(), _("view"), preview, _("preview"))
        return format_html('<a href="{}">{}</a>', preview, _("preview"))

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        post_translations_saved(post=form.instance, changed_languages=self.changed_translation_languages(formsets))
        action = form.cleaned_data.get("publication")
        try:
            if action == "publish":
                post_publish(post=form.instance)
            elif action == "schedule":
                post_schedule(post=form.instance, publish_at=form.cleaned_data["publish_at"])
            elif action == "unpublish":
                post_unpublish(post=form.instance)
        except PostStateError as error:
            self.message_user(request, str(error), messages.ERROR)

    @admin.action(description=_("Publish the selected posts now"))
    def publish(self, request, queryset):
        changed = sum(post_publish(post=post) for post in queryset)
        self.message_user(request, ngettext("%(count)d post published.", "%(count)d posts published.", changed) % {"count": changed})

    @admin.action(description=_("Schedule the selected posts for their publication time"))
    def schedule(self, request, queryset):
        changed = 0
        for post in queryset:
            try:
                changed += post_schedule(post=post)
            except PostStateError as error:
                self.message_user(request, str(error), messages.ERROR)
        self.message_user(request, ngettext("%(count)d post scheduled.", "%(count)d posts scheduled.", changed) % {"count": changed})

    @admin.action(description=_("Email the selected post to its petition's subscribers"))
    def email_subscribers(self, request, queryset):
        """Two steps: a page that says how many people will get the email, then the sending."""
        posts = list(queryset[:2])
        if len(posts) != 1:
            self.message_user(request, _("Choose exactly one post to email."), messages.ERROR)
            return None
        post = posts[0]
        if request.POST.get("confirmed") != "yes":
            context = {
                **self.admin_site.each_context(request),
                "opts": self.model._meta,
                "title": _("Email this update to the petition's subscribers?"),
                "post": post,
                "recipients": subscribers(post.featured_petition_id).count() if post.featured_petition_id else 0,
                "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
            }
            return TemplateResponse(request, "admin/news/email_subscribers.html", context)
        try:
            count = post_email_subscribers(post=post, actor=request.user)
        except UpdateNotSent as error:
            self.message_user(request, str(error), messages.ERROR)
            return None
        self.message_user(
            request,
            ngettext("The update is being emailed to %(count)d subscriber.", "The update is being emailed to %(count)d subscribers.", count)
            % {"count": count},
        )
        return None

    @admin.action(description=_("Unpublish the selected posts"))
    def unpublish(self, request, queryset):
        changed = sum(post_unpublish(post=post) for post in queryset)
        self.message_user(
            request, ngettext("%(count)d post unpublished.", "%(count)d posts unpublished.", changed) % {"count": changed}
        )
