from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from awaz.core.admin_translations import TranslationWorkbenchMixin
from awaz.core.translations import translation_status
from awaz.petitions import embed
from awaz.petitions.models import Organization, Petition, PetitionTranslation
from awaz.petitions.services import petition_close, petition_publish, petition_reopen, petition_translations_saved


@admin.register(Organization)
class OrganizationAdmin(admin.ModelAdmin):
    list_display = ["name", "website"]
    prepopulated_fields = {"slug": ["name"]}
    search_fields = ["name"]
    # Set with `awaz seal-key` (the public half only; see docs/sealed-petitions.md).
    readonly_fields = ["sealing_public_key"]


class TranslationForm(forms.ModelForm):
    language = forms.ChoiceField(label=_("language"), choices=settings.LANGUAGES)

    class Meta:
        model = PetitionTranslation
        fields = ["language", "title", "summary", "body", "addressees"]


class PetitionTranslationInline(admin.StackedInline):
    model = PetitionTranslation
    form = TranslationForm
    extra = 0
    readonly_fields = ["status"]
    fields = ["language", "status", "title", "summary", "body", "addressees"]

    @admin.display(description=_("translation status"))
    def status(self, obj):
        if not obj.pk:
            return "—"
        return translation_status(obj, obj.petition.original()).label


class PetitionForm(forms.ModelForm):
    original_language = forms.ChoiceField(label=_("original language"), choices=settings.LANGUAGES)

    class Meta:
        model = Petition
        fields = "__all__"


@admin.register(Petition)
class PetitionAdmin(TranslationWorkbenchMixin, admin.ModelAdmin):
    translation_parent_field = "petition"
    form = PetitionForm
    inlines = [PetitionTranslationInline]
    # awaz.signatures.admin adds the count of confirmed signatures and the CSV export.
    list_display = ["__str__", "organization", "status", "created_at", "links"]
    list_filter = ["status", "organization"]
    search_fields = ["slug", "translations__title"]
    # The privacy mode changes only through `awaz privacy-mode`, and only before anyone signs;
    # the status only through the actions below (awaz.petitions.services), which keep
    # `closed_at`, the retention clock, true to it.
    readonly_fields = ["status", "privacy_mode", "closed_at", "created_at", "translation_overview", "embed_snippet"]
    actions = ["publish", "close", "reopen"]
    fields = [
        "organization", "slug", "status", "privacy_mode", "original_language", "goal", "closes_at", "featured",
        "comments_premoderated", "embed_origins", "embed_snippet", "closed_at", "created_at", "translation_overview",
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("translations")

    @admin.display(description=_("widget code to copy"))
    def embed_snippet(self, obj):
        if not obj.pk or not obj.embed_origins:
            return _("List the sites that may embed the petition, save, and the code to paste appears here.")
        return format_html(
            '<textarea class="embed-snippet" rows="3" cols="80" readonly>{}</textarea>', embed.snippet(obj, obj.original_language)
        )

    @admin.display(description=_("links"))
    def links(self, obj):
        return format_html(
            '<a href="{}">{}</a> · <a href="{}">{}</a> · <a href="{}">{}</a>',
            obj.get_absolute_url(),
            _("view") if obj.status != Petition.Status.DRAFT else _("preview"),
            reverse("admin:petitions_petition_export", args=[obj.pk]),
            _("export CSV"),
            reverse("admin:fraud_desk", args=[obj.pk]),
            _("fraud desk"),
        )

    @admin.action(description=_("Publish the selected petitions"))
    def publish(self, request, queryset):
        self._report(request, sum(petition_publish(petition=petition) for petition in queryset))

    @admin.action(description=_("Close the selected petitions"))
    def close(self, request, queryset):
        self._report(request, sum(petition_close(petition=petition) for petition in queryset))

    @admin.action(description=_("Reopen the selected petitions"))
    def reopen(self, request, queryset):
        self._report(request, sum(petition_reopen(petition=petition) for petition in queryset))

    def _report(self, request, changed: int) -> None:
        message = ngettext("%(count)d petition changed.", "%(count)d petitions changed.", changed) % {"count": changed}
        self.message_user(request, message, messages.SUCCESS if changed else messages.WARNING)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        petition_translations_saved(petition=form.instance, changed_languages=self.changed_translation_languages(formsets))
