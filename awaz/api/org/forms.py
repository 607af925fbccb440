from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from awaz.api.org.models import Scope
from awaz.webhooks import transport
from awaz.webhooks.models import EventKind

LIFETIMES = [("30", _("30 days")), ("90", _("90 days")), ("365", _("a year"))]
EVENT_CHOICES = [(kind.value, kind.label) for kind in EventKind if kind is not EventKind.TEST]


class TokenForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=100, help_text=_("What uses it, for example \"our CRM\"."))
    scopes = forms.MultipleChoiceField(label=_("It may"), choices=Scope.choices, widget=forms.CheckboxSelectMultiple)
    lifetime = forms.ChoiceField(label=_("Valid for"), choices=LIFETIMES, initial="90")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        allowed = [(days, label) for days, label in LIFETIMES if int(days) <= settings.API_TOKEN_MAX_DAYS]
        self.fields["lifetime"].choices = allowed or [(str(settings.API_TOKEN_MAX_DAYS), str(settings.API_TOKEN_MAX_DAYS))]


class EndpointForm(forms.Form):
    url = forms.URLField(label=_("Address"), max_length=500, assume_scheme="https",
                         help_text=_("An https:// address of yours that receives the events."))
    events = forms.MultipleChoiceField(label=_("Events"), choices=EVENT_CHOICES, widget=forms.CheckboxSelectMultiple,
                                       initial=[value for value, _label in EVENT_CHOICES])

    def clean_url(self):
        url = self.cleaned_data["url"]
        try:
            transport.address_check(url)
        except transport.Refused:
            raise forms.ValidationError(
                _("Use an https:// address on the public internet (not a private or local address)."), code="refused"
            ) from None
        return url


class CrmExportForm(forms.Form):
    format = forms.ChoiceField(label=_("For"), choices=[("civicrm", "CiviCRM"), ("actionnetwork", "Action Network")],
                               widget=forms.RadioSelect, initial="civicrm")


