"""Forms of the Defences pages and the review queue (awaz.studio.views.defences)."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from awaz.defences.models import COUNTED_KINDS, Decision, Rule
from awaz.defences.services import RuleRefused, clean_value

WINDOWS = [(60, _("per minute")), (3600, _("per hour")), (86400, _("per day"))]


class RuleForm(forms.Form):
    kind = forms.ChoiceField(label=_("What the rule looks at"), choices=Rule.Kind.choices)
    value = forms.CharField(
        label=_("Network, code, domain or country"), required=False, max_length=255,
        help_text=_("A network as 203.0.113.0/24 or 2001:db8::/48, a fraud desk code such as 3fa2, a domain "
                    "such as *.example.ru, or a two-letter country code. Empty for rates and addresses."),
        widget=forms.TextInput(attrs={"dir": "ltr", "autocomplete": "off", "spellcheck": "false"}),
    )
    address = forms.EmailField(
        label=_("Email address"), required=False,
        help_text=_("For an address rule only. Kept as a keyed hash, never as the address."),
        widget=forms.EmailInput(attrs={"dir": "ltr", "autocomplete": "off"}),
    )
    limit = forms.IntegerField(label=_("Limit"), required=False, min_value=0,
                               help_text=_("For rates and countries: how many signatures, at most."))
    window = forms.TypedChoiceField(label=_("Per"), choices=WINDOWS, coerce=int, initial=3600)
    effect = forms.ChoiceField(label=_("What happens"), choices=Rule.Effect.choices, initial=Rule.Effect.QUARANTINE)
    petition = forms.TypedChoiceField(label=_("Petition"), required=False, coerce=int, empty_value=None)
    note = forms.CharField(label=_("Note for the team"), required=False, max_length=300)

    def __init__(self, *args, petitions=None, **kwargs):
        super().__init__(*args, **kwargs)
        if petitions is None:
            del self.fields["petition"]
        else:
            self.fields["petition"].choices = [("", _("All petitions"))] + [(p.pk, str(p)) for p in petitions]

    def clean(self):
        data = super().clean()
        kind = data.get("kind")
        if kind is None:
            return data
        if kind in COUNTED_KINDS and data.get("limit") is None:
            self.add_error("limit", _("A rate needs a limit."))
        if kind == Rule.Kind.ADDRESS and not data.get("address"):
            self.add_error("address", _("Write the address."))
        if kind not in (Rule.Kind.ADDRESS, Rule.Kind.NETWORK_RATE, Rule.Kind.DOMAIN_RATE, Rule.Kind.PETITION_RATE):
            try:
                data["value"] = clean_value(kind, data.get("value", ""))
            except RuleRefused as error:
                self.add_error("value", str(error))
        return data


class AlertLanguageForm(forms.Form):
    language = forms.ChoiceField(label=_("Alert emails in"), choices=settings.LANGUAGES)


class HeldDecisionForm(forms.Form):
    """Release or remove: the signatures ticked (`signatures`), or with `everything`, every held
    signature the queue's filter shows (the view applies it)."""

    decision = forms.ChoiceField(choices=[("release", _("Release")), ("remove", _("Remove"))])
    everything = forms.BooleanField(required=False)
    reason = forms.ChoiceField(label=_("Reason for a removal (shown publicly)"), choices=Decision.Reason.choices,
                               required=False, initial=Decision.Reason.FLOOD)
    note = forms.CharField(label=_("Note (needed for 'other')"), required=False, max_length=300)

    def clean(self):
        data = super().clean()
        if data.get("decision") == "remove":
            if not data.get("reason"):
                self.add_error("reason", _("Choose a reason."))
            elif data["reason"] == Decision.Reason.OTHER and not data.get("note", "").strip():
                self.add_error("note", _("Explain the reason when it is 'other'."))
        return data
