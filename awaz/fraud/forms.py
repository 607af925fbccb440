from django import forms
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

from awaz.core.email_address import normalize_domain
from awaz.core.network import email_domain_label, is_domain_tag
from awaz.fraud.criteria import Criteria
from awaz.fraud.models import Invalidation

# Browsers send datetime-local values without seconds or with them; the preview step passes an
# exact upper bound on with microseconds.
DATETIME_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%dT%H:%M:%S.%f", "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S"]
EXACT_FORMAT = "%Y-%m-%dT%H:%M:%S.%f"


def _datetime_field(label):
    return forms.DateTimeField(
        label=label,
        required=False,
        input_formats=DATETIME_FORMATS,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local", "step": "1"}, format="%Y-%m-%dT%H:%M:%S"),
    )


class CriteriaForm(forms.Form):
    signed_from = _datetime_field(_("Signed from (UTC)"))
    signed_to = _datetime_field(_("Signed before (UTC)"))
    email_domain = forms.CharField(label=_("Email domain"), required=False, max_length=255)
    network_hash = forms.CharField(
        label=_("Network"),
        required=False,
        max_length=4,
        help_text=_("A network tag as shown on the fraud desk (4 characters)."),
        validators=[RegexValidator(r"^[0-9a-f]{4}$", _("Enter a network tag of 4 characters (0-9, a-f)."))],
    )

    def clean_email_domain(self):
        value = self.cleaned_data["email_domain"].strip()
        if not value:
            return ""
        if is_domain_tag(value):  # copied from the desk
            return value.lower()
        # A domain typed in full: stored signatures know a small domain by today's tag only.
        return email_domain_label(normalize_domain(value.lstrip("@")))

    def clean_network_hash(self):
        return self.cleaned_data["network_hash"].strip().lower()

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("signed_from"), cleaned.get("signed_to")
        if start and end and start >= end:
            raise forms.ValidationError(_("The start of the time window must come before its end."))
        if not self.errors and not any(cleaned.get(f) for f in ("signed_from", "signed_to", "email_domain", "network_hash")):
            raise forms.ValidationError(
                _("Choose a time window, an email domain or a network: at least one of them."), code="empty"
            )
        return cleaned

    def criteria(self) -> Criteria:
        data = self.cleaned_data
        return Criteria(
            signed_from=data.get("signed_from"),
            signed_to=data.get("signed_to"),
            email_domain=data.get("email_domain", ""),
            network_hash=data.get("network_hash", ""),
        )


class InvalidationForm(CriteriaForm):
    """The criteria come back as hidden fields from the preview, with the reason added."""

    reason = forms.ChoiceField(label=_("Reason"), choices=[("", "---------"), *Invalidation.Reason.choices])
    note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Kept in the audit log, never shown publicly. Required when the reason is “other”."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("email_domain", "network_hash"):
            self.fields[name].widget = forms.HiddenInput()
        for name in ("signed_from", "signed_to"):
            widget = forms.DateTimeInput(format=EXACT_FORMAT)
            widget.input_type = "hidden"
            widget.supports_microseconds = True  # the bound is exact, not rounded to the second
            self.fields[name].widget = widget

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("reason") == Invalidation.Reason.OTHER and not cleaned.get("note", "").strip():
            self.add_error("note", _("Explain the reason in a note."))
        return cleaned


class PersonForm(forms.Form):
    email = forms.EmailField(label=_("Email address"), max_length=320, widget=forms.EmailInput(attrs={"size": 40}))
