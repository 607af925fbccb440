from django.contrib import admin
from django.urls import path
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from awaz.petitions.admin import PetitionAdmin
from awaz.petitions.models import Petition
from awaz.signatures.comments import awaiting_moderation
from awaz.signatures.counts import petition_numbers
from awaz.signatures.export import export_view
from awaz.signatures.models import PendingComment, Signature
from awaz.signatures.services import comments_approve, comments_hide, email_indexes_for


class ConfirmedFilter(admin.SimpleListFilter):
    title = _("confirmed")
    parameter_name = "confirmed"

    def lookups(self, request, model_admin):
        return [("yes", _("confirmed")), ("no", _("not confirmed"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.confirmed()
        if self.value() == "no":
            return queryset.pending()
        return queryset


@admin.register(Signature)
class SignatureAdmin(admin.ModelAdmin):
    list_display = ["pk", "name", "petition", "country", "created_at", "confirmed_at", "show_publicly"]
    list_filter = [ConfirmedFilter, "petition", "country", ("created_at", admin.DateFieldListFilter), "is_demo"]
    search_fields = ["email_index"]
    search_help_text = _("Enter an exact email address. Addresses are encrypted, so only exact matches are found.")
    list_select_related = ["petition"]
    readonly_fields = ["petition", "name", "email", "comment", "country", "language", "show_publicly", "wants_updates",
                       "created_at", "confirmed_at", "email_domain", "is_demo"]
    exclude = ["network_hash"]
    show_full_result_count = False
    # Links to "Find a person's data" (access and erasure requests, see fraud/people.py).
    change_list_template = "admin/fraud/signature_change_list.html"

    def get_search_results(self, request, queryset, search_term):
        term = search_term.strip()
        if not term:
            return queryset, False
        if "@" in term:
            return queryset.filter(email_index__in=email_indexes_for(term)), False
        if term.isdigit():
            return queryset.filter(pk=int(term)), False
        return queryset.none(), False

    def has_add_permission(self, request):
        return False  # signatures come from signers, never from staff

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        # A deleted signature must correct the tally and the log, and leave an audit entry:
        # erasure goes through "Find a person's data" (awaz.fraud.people), removal as fraud
        # through the fraud desk. Django's own delete would do neither.
        return False


@admin.register(PendingComment)
class PendingCommentAdmin(admin.ModelAdmin):
    """The moderation queue: comments signers want shown, on petitions that moderate first."""

    list_display = ["pk", "petition", "name", "country", "comment", "confirmed_at"]
    list_filter = ["petition"]
    list_select_related = ["petition"]
    actions = ["approve", "hide"]
    show_full_result_count = False

    def get_queryset(self, request):
        return awaiting_moderation().select_related("petition")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.action(description=_("Approve the selected comments"), permissions=["view"])
    def approve(self, request, queryset):
        changed = comments_approve(signature_ids=queryset.values_list("pk", flat=True))
        self.message_user(request, ngettext("%(count)d comment approved.", "%(count)d comments approved.", changed) % {"count": changed})

    @admin.action(description=_("Hide the selected comments"), permissions=["view"])
    def hide(self, request, queryset):
        changed = comments_hide(signature_ids=queryset.values_list("pk", flat=True))
        self.message_user(request, ngettext("%(count)d comment hidden.", "%(count)d comments hidden.", changed) % {"count": changed})


class PetitionWithSignaturesAdmin(PetitionAdmin):
    """The petitions' admin with what this app knows of them: the confirmed count and the CSV
    export (the `links` column points to it). Registered in place of petitions' own, which is
    loaded first (INSTALLED_APPS order)."""

    list_display = ["__str__", "organization", "status", "confirmed_count", "created_at", "links"]

    @admin.display(description=_("confirmed signatures"))
    def confirmed_count(self, obj):
        return petition_numbers(obj.pk).total

    def get_urls(self):
        extra = [
            path("<int:petition_id>/export/", self.admin_site.admin_view(export_view), name="petitions_petition_export"),
        ]
        return extra + super().get_urls()


admin.site.unregister(Petition)
admin.site.register(Petition, PetitionWithSignaturesAdmin)
