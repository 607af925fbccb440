from django import forms
from django.contrib.auth import password_validation
from django.utils.translation import gettext_lazy as _

from awaz.core.email_address import has_control_characters
from awaz.studio.models import Role


class InvitationForm(forms.Form):
    email = forms.EmailField(label=_("Email"), widget=forms.EmailInput(attrs={"autocomplete": "off"}))
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices, initial=Role.EDITOR)

    def clean_email(self):
        email = self.cleaned_data["email"]
        if has_control_characters(email):
            raise forms.ValidationError(_("Enter a valid email address."))
        return email.strip().lower()


class NewPasswordForm(forms.Form):
    password1 = forms.CharField(
        label=_("Password"), strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("At least 12 characters. A few unrelated words are easy to remember and hard to guess."),
    )
    password2 = forms.CharField(
        label=_("The same password again"), strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "new-password"})
    )

    def __init__(self, *args, username: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.username = username

    def clean_password1(self):
        password = self.cleaned_data["password1"]
        if len(password) < 12:
            raise forms.ValidationError(_("Use at least 12 characters."))
        password_validation.validate_password(password)
        return password

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("password1") and cleaned.get("password1") != cleaned.get("password2"):
            self.add_error("password2", _("The two passwords differ."))
        return cleaned
