from django import forms
from django.conf import settings
from django.contrib.auth import password_validation
from django.utils.translation import gettext_lazy as _

from awaz.core.email_address import has_control_characters
from awaz.core.languages import direction
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


class NewPetitionForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200, help_text=_("You can change it later. The petition's address is made from it."))
    language = forms.ChoiceField(label=_("Language of the original text"), choices=settings.LANGUAGES)


class PetitionForm(forms.Form):
    """The petition and its original text on one page."""

    title = forms.CharField(label=_("Title"), max_length=200)
    summary = forms.CharField(label=_("Summary"), max_length=1000, required=False, widget=forms.Textarea(attrs={"rows": 3}),
                              help_text=_("One or two sentences, shown in lists and when the petition is shared."))
    body = forms.CharField(label=_("Text"), required=False, widget=forms.Textarea(attrs={"rows": 14}),
                           help_text=_("Markdown: **bold**, *italic*, [a link](https://example.org), lists with “- ”. Scripts and embeds are removed."))
    addressees = forms.CharField(label=_("Addressed to"), required=False, widget=forms.Textarea(attrs={"rows": 3}),
                                 help_text=_("One addressee per line."))
    goal = forms.IntegerField(label=_("Goal"), min_value=1, required=False,
                              help_text=_("Leave empty to aim at the next milestone automatically."))
    closes_on = forms.DateField(label=_("Closing date"), required=False, widget=forms.DateInput(attrs={"type": "date"}),
                                help_text=_("The petition closes at the end of this day. Leave empty for no closing date."))
    slug = forms.SlugField(label=_("Address"), max_length=80,
                           help_text=_("The last part of the petition's address. It cannot change once published."))
    featured = forms.BooleanField(label=_("Show first on the home page"), required=False,
                                  help_text=_("Every open petition is on the home page; this only puts it first."))

    def __init__(self, *args, petition, **kwargs):
        super().__init__(*args, **kwargs)
        self.petition = petition
        if petition.published_at:
            self.fields["slug"].disabled = True
            self.fields["slug"].help_text = _("The petition's address stays as it was published.")
        for name in ("title", "summary", "body", "addressees"):
            self.fields[name].widget.attrs.update({"lang": petition.original_language, "dir": direction(petition.original_language)})

    def clean_slug(self):
        slug = self.cleaned_data["slug"]
        if self.petition.published_at:
            return self.petition.slug
        from awaz.petitions.models import Petition

        if Petition.objects.filter(slug=slug).exclude(pk=self.petition.pk).exists():
            raise forms.ValidationError(_("Another petition has this address. Choose another."))
        return slug
