from django import forms
from django.utils.translation import gettext_lazy as _

from awaz.operations.models import PAUSE_REASON_CHOICES

DATETIME_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M"]


class PetitionSwitchForm(forms.Form):
    paused = forms.BooleanField(label=_("Pause signing"), required=False,
                                help_text=_("The form gives way to a message, in every language, saying why and when to come back."))
    pause_reason = forms.ChoiceField(label=_("Why"), required=False, choices=[("", "---------"), *PAUSE_REASON_CHOICES])
    resume_at = forms.DateTimeField(
        label=_("Come back after (UTC)"), required=False, input_formats=DATETIME_FORMATS,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        help_text=_("Optional. Shown to visitors, and sent to programs as Retry-After."),
    )
    hide_countries = forms.BooleanField(label=_("Hide the counts by country"), required=False)
    hide_recent = forms.BooleanField(label=_("Hide recent signers and their comments"), required=False)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("paused") and not cleaned.get("pause_reason"):
            self.add_error("pause_reason", _("Choose why signing is paused."))
        return cleaned
