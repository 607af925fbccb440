"""The defences in the admin, for operators: rules are added and switched off through the
services (so every server learns of them and the audit records them), never edited; alerts and
decisions are read-only."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from awaz.core.read_only_admin import ReadOnlyAdmin
from awaz.defences.models import Alert, Decision, Rule
from awaz.defences.services import RuleRefused, rule_add, rule_switch_off


class RuleAdminForm(forms.ModelForm):
    address = forms.EmailField(label=_("Email address"), required=False,
                               help_text=_("For an address rule only. Kept as a keyed hash, never as the address."))

    class Meta:
        model = Rule
        fields = ["organization", "petition", "kind", "value", "address", "effect", "limit", "window_seconds", "note"]

    def clean(self):
        data = super().clean()
        try:
            from awaz.defences.services import clean_value

            if data.get("kind") in (Rule.Kind.NETWORK, Rule.Kind.NETWORK_TAG, Rule.Kind.DOMAIN, Rule.Kind.COUNTRY):
                data["value"] = clean_value(data["kind"], data.get("value", ""))
        except RuleRefused as error:
            raise ValidationError(str(error)) from None
        return data


@admin.register(Rule)
class RuleAdmin(admin.ModelAdmin):
    form = RuleAdminForm
    list_display = ["kind", "value", "effect", "limit", "window_seconds", "organization", "petition", "active", "created_at"]
    list_filter = ["active", "kind", "effect"]
    actions = ["switch_off"]

    def has_change_permission(self, request, obj=None):
        return obj is None and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        data = form.cleaned_data
        try:
            saved = rule_add(actor=request.user, kind=data["kind"], effect=data["effect"],
                             organization=data.get("organization"), petition=data.get("petition"),
                             value=data.get("value", ""), address=data.get("address", ""), limit=data.get("limit"),
                             window_seconds=data.get("window_seconds"), note=data.get("note", ""))
        except RuleRefused as error:
            messages.error(request, str(error))
            return
        obj.pk = saved.pk

    @admin.action(description=_("Switch the selected rules off"), permissions=["add"])
    def switch_off(self, request, queryset):
        n = sum(1 for rule in queryset if rule_switch_off(rule=rule, actor=request.user))
        messages.success(request, ngettext("%(count)s rule switched off.", "%(count)s rules switched off.", n)
                         % {"count": n})


@admin.register(Alert)
class AlertAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "petition", "kind", "subject", "count", "threshold", "sent_at"]
    list_filter = ["kind"]


@admin.register(Decision)
class DecisionAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "actor_name", "action", "petition", "rows", "reason", "detail"]
    list_filter = ["action"]
