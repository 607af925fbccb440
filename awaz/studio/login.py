"""The studio's way in: the admin's password + code steps (awaz.accounts.views), for members."""

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from awaz.accounts.views import LoginEntry
from awaz.studio.models import Membership


def is_member(user) -> bool:
    return user.is_active and Membership.objects.filter(user=user).exists()


class StudioAuthenticationForm(AuthenticationForm):
    username = forms.CharField(label=_("Email"), widget=forms.TextInput(attrs={"autofocus": True, "autocomplete": "username"}))

    def clean_username(self):
        # Studio accounts are named by their email address, stored in lower case.
        return self.cleaned_data["username"].strip().lower()

    def confirm_login_allowed(self, user):
        super().confirm_login_allowed(user)
        if not is_member(user):
            # The same answer as a wrong password: a login form says nothing about accounts.
            raise self.get_invalid_login_error()


STUDIO = LoginEntry(
    namespace="studio_login",
    form_class=StudioAuthenticationForm,
    templates="studio/login",
    home="studio:home",
    user_allowed=is_member,
)
