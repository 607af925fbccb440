"""Switches in the admin (site-wide ones are edited only here, by staff), and the read-only
audit of switch changes and tally repairs. Saving calls the services, which audit."""

from django.contrib import admin
from django.shortcuts import redirect

from awaz.core.read_only_admin import ReadOnlyAdmin
from awaz.operations.models import PetitionSwitch, SiteSwitch, SwitchChange, TallyRepair
from awaz.operations.services import petition_switches_set, site_switches_set


@admin.register(PetitionSwitch)
class PetitionSwitchAdmin(admin.ModelAdmin):
    list_display = ["petition", "paused", "pause_reason", "resume_at", "hide_countries", "hide_recent", "updated_at"]
    list_filter = ["paused", "hide_countries", "hide_recent"]
    fields = ["petition", "paused", "pause_reason", "resume_at", "hide_countries", "hide_recent"]
    autocomplete_fields = []

    def get_readonly_fields(self, request, obj=None):
        return ["petition"] if obj else []

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        data = form.cleaned_data
        petition_switches_set(
            petition=obj.petition, operator=request.user, via="admin", paused=data["paused"],
            pause_reason=data.get("pause_reason", ""), resume_at=data.get("resume_at"),
            hide_countries=data["hide_countries"], hide_recent=data["hide_recent"],
        )


@admin.register(SiteSwitch)
class SiteSwitchAdmin(admin.ModelAdmin):
    fields = ["paused", "pause_reason", "resume_at", "banner", "banner_language"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def changelist_view(self, request, extra_context=None):
        return redirect("admin:operations_siteswitch_change", 1)

    def get_object(self, request, object_id, from_field=None):
        SiteSwitch.objects.get_or_create(pk=1)  # the one row, there from the first visit
        return super().get_object(request, object_id, from_field)

    def save_model(self, request, obj, form, change):
        data = form.cleaned_data
        site_switches_set(
            operator=request.user, via="admin", paused=data["paused"], pause_reason=data.get("pause_reason", ""),
            resume_at=data.get("resume_at"), banner=data.get("banner", ""), banner_language=data.get("banner_language", ""),
        )


@admin.register(SwitchChange)
class SwitchChangeAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "petition", "switch", "value", "operator_name", "via"]
    list_filter = ["switch", "via"]
    list_select_related = ["petition"]


@admin.register(TallyRepair)
class TallyRepairAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "petition", "country", "stored", "counted", "alerted_at"]
    list_select_related = ["petition"]
