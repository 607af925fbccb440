"""Campaigners manage targets, thresholds, deliveries, responses and outcomes here.

State fields (reached, published, declared, announced) are read-only: they change only through
awaz.outcomes.services, which the save hooks below call.
"""

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.db import transaction
from django.http import FileResponse
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from awaz.core.read_only_admin import ReadOnlyAdmin
from awaz.outcomes import files, services
from awaz.outcomes.package import package_build, package_zip
from awaz.outcomes.models import (
    AuditEntry, Campaign, CampaignTeam, Delivery, DeliveryTranslation, Outcome, OutcomeTranslation, Response,
    ResponseTranslation, Target, TargetTranslation, Threshold,
)


def _translation_inline(model, fields):
    form = forms.modelform_factory(
        model, fields=["language", *fields],
        widgets={"language": forms.Select(choices=settings.LANGUAGES)},
    )
    return type(f"{model.__name__}Inline", (admin.StackedInline,), {
        "model": model, "form": form, "extra": 0, "min_num": 1, "fields": ["language", *fields],
    })


class TranslatableForm(forms.ModelForm):
    original_language = forms.ChoiceField(label=_("original language"), choices=settings.LANGUAGES)


@admin.register(CampaignTeam)
class CampaignTeamAdmin(admin.ModelAdmin):
    list_display = ["organization", "reply_to"]
    autocomplete_fields = ["organization"]


@admin.register(Campaign)
class CampaignAdmin(admin.ModelAdmin):
    list_display = ["petition", "ready_to_deliver_at", "signer_names", "all_signers_by", "live_counter"]
    readonly_fields = ["ready_to_deliver_at", "all_signers_reason", "all_signers_by", "live_counter"]

    @admin.display(description=_("Live count"))
    def live_counter(self, obj):
        url = reverse("outcomes:live", kwargs={"slug": obj.petition.slug})
        return format_html('<a href="{}">{}</a>', url, url)
    autocomplete_fields = ["petition"]
    actions = ["delivery_package", "include_all_signers"]

    def _one(self, request, queryset):
        campaigns = list(queryset.select_related("petition__organization")[:2])
        if len(campaigns) != 1:
            self.message_user(request, _("Choose exactly one campaign."), messages.ERROR)
            return None
        return campaigns[0]

    def has_delivery_permission(self, request) -> bool:
        # A package may list signers' names: the same right as exporting the signatures.
        return request.user.has_perm("outcomes.change_campaign") and request.user.has_perm("signatures.view_signature")

    @admin.action(description=_("Make the delivery package (PDF, CSV, signed manifest)"), permissions=["delivery"])
    def delivery_package(self, request, queryset):
        campaign = self._one(request, queryset)
        if campaign is None:
            return None
        package = package_build(petition=campaign.petition, operator=request.user)
        return FileResponse(package_zip(package), as_attachment=True, filename=f"{package.directory.name}.zip")

    @admin.action(description=_("Include every signer in the package (owners only, with a reason)"), permissions=["change"])
    def include_all_signers(self, request, queryset):
        campaign = self._one(request, queryset)
        if campaign is None:
            return None
        if request.POST.get("confirmed") == "yes":
            try:
                services.package_names_override(petition=campaign.petition, operator=request.user,
                                                reason=request.POST.get("reason", ""))
            except services.OutcomeError as error:
                self.message_user(request, str(error), messages.ERROR)
            return None
        context = {
            **self.admin_site.each_context(request), "opts": self.model._meta, "campaign": campaign,
            "title": _("Include every signer in the delivery package?"),
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "admin/outcomes/include_all_signers.html", context)


class TargetForm(TranslatableForm):
    class Meta:
        model = Target
        fields = "__all__"
        widgets = {"language": forms.Select(choices=[("", "—"), *settings.LANGUAGES])}


@admin.register(Target)
class TargetAdmin(admin.ModelAdmin):
    form = TargetForm
    inlines = [_translation_inline(TargetTranslation, ["name", "role", "organization"])]
    list_display = ["__str__", "petition", "public_contact", "position"]
    list_filter = ["petition"]
    autocomplete_fields = ["petition"]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("translations")

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        services.forget_outcomes(form.instance.petition_id)


@admin.register(Threshold)
class ThresholdAdmin(admin.ModelAdmin):
    list_display = ["petition", "count", "alert_team", "email_targets", "mark_ready", "reached_at", "reached_count"]
    list_filter = ["petition"]
    readonly_fields = ["reached_at", "reached_count"]
    autocomplete_fields = ["petition"]

    def get_readonly_fields(self, request, obj=None):
        # A reached threshold is history: what it did cannot be edited afterwards.
        if obj and obj.reached_at:
            return [f.name for f in Threshold._meta.fields]
        return self.readonly_fields

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        services.forget_outcomes(obj.petition_id)
        # A threshold set below the current count is reached at once (by the worker).
        from awaz.outcomes import tasks

        transaction.on_commit(lambda: tasks.check_thresholds(obj.petition_id))


class DeliveryForm(TranslatableForm):
    class Meta:
        model = Delivery
        fields = "__all__"

    def clean_photo(self):
        photo = self.cleaned_data.get("photo")
        if photo and photo != self.initial.get("photo"):
            return files.photo_reencode(photo)
        return photo


@admin.register(Delivery)
class DeliveryAdmin(admin.ModelAdmin):
    form = DeliveryForm
    inlines = [_translation_inline(DeliveryTranslation, ["place", "recipients", "photo_alt", "note"])]
    list_display = ["petition", "delivered_on", "signature_count"]
    list_filter = ["petition"]
    readonly_fields = ["signature_count"]
    autocomplete_fields = ["petition"]

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        services.delivery_recorded(delivery=form.instance, operator=request.user)


class ResponseForm(TranslatableForm):
    publish = forms.BooleanField(
        label=_("publish on save"), required=False,
        help_text=_("Shows the response on the petition's timeline and emails the signers who asked for updates, once."),
    )

    class Meta:
        model = Response
        fields = "__all__"

    def clean_document(self):
        document = self.cleaned_data.get("document")
        if document and document != self.initial.get("document"):
            return files.document_check(document)
        return document


@admin.register(Response)
class ResponseAdmin(admin.ModelAdmin):
    form = ResponseForm
    inlines = [_translation_inline(ResponseTranslation, ["text"])]
    list_display = ["petition", "target", "responded_on", "published_at", "announced_at"]
    list_filter = ["petition"]
    readonly_fields = ["published_at", "announced_at"]
    autocomplete_fields = ["petition"]
    actions = ["publish"]

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        services.forget_outcomes(form.instance.petition_id)
        if form.cleaned_data.get("publish"):
            self._publish(request, form.instance)

    def _publish(self, request, response) -> bool:
        try:
            return services.response_publish(response=response, operator=request.user)
        except services.OutcomeError as error:
            self.message_user(request, str(error), messages.ERROR)
            return False

    @admin.action(description=_("Publish the selected responses and email the subscribers"))
    def publish(self, request, queryset):
        done = sum(self._publish(request, response) for response in queryset)
        self.message_user(request, _("Published: %(count)s") % {"count": done})


class OutcomeForm(TranslatableForm):
    declare = forms.BooleanField(
        label=_("declare on save"), required=False,
        help_text=_("Makes the outcome public, closes signing if asked, and emails the signers who asked for updates, once."),
    )

    class Meta:
        model = Outcome
        fields = "__all__"


@admin.register(Outcome)
class OutcomeAdmin(admin.ModelAdmin):
    form = OutcomeForm
    inlines = [_translation_inline(OutcomeTranslation, ["statement"])]
    list_display = ["petition", "kind", "declared_at", "announced_at"]
    readonly_fields = ["declared_at", "announced_at"]
    autocomplete_fields = ["petition"]

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        services.forget_outcomes(form.instance.petition_id)
        if form.cleaned_data.get("declare"):
            try:
                services.outcome_declare(outcome=form.instance, operator=request.user)
            except services.OutcomeError as error:
                self.message_user(request, str(error), messages.ERROR)


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "petition", "action", "operator_name", "detail"]
    list_filter = ["action", "petition"]
