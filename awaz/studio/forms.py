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
    comments_premoderated = forms.BooleanField(
        label=_("Comments wait for a moderator"), required=False,
        help_text=_("Signers' public comments appear only once a moderator approves them. Unticked, they appear as soon as the signature is confirmed."),
    )

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


class ImageForm(forms.Form):
    image = forms.FileField(
        label=_("Image"), widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
        help_text=_("A JPEG, PNG or WebP picture, at most 10 MB. Its location and camera details are removed; it is cropped to 1200 × 630 for share cards and smaller for pages."),
    )
    description = forms.CharField(label=_("What the image shows"), max_length=300,
                                  help_text=_("For people who cannot see it. Say what matters, in one sentence."))

    def clean_image(self):
        from awaz.studio.images import decode

        upload = self.cleaned_data["image"]
        decode(upload)  # raises ValidationError with the reason
        return upload


class UpdateForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    summary = forms.CharField(label=_("Summary"), max_length=600, required=False, widget=forms.Textarea(attrs={"rows": 3}),
                              help_text=_("The email shows the title and this summary, with a link to the whole update."))
    body = forms.CharField(label=_("Text"), widget=forms.Textarea(attrs={"rows": 10}),
                           help_text=_("Markdown, as for the petition. Published on the site as campaign news."))


class OrganizationForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https")
    reply_to = forms.EmailField(label=_("Replies go to"), required=False,
                                help_text=_("Signers' emails come from “%(name)s via Awaz”; their replies go to this address. Leave empty for no replies."))
    time_zone = forms.ChoiceField(label=_("Time zone"), help_text=_("For the dashboard, the fraud desk and the audit log."))
    brand_colour = forms.CharField(label=_("Brand colour"), required=False, max_length=7,
                                   widget=forms.TextInput(attrs={"type": "color"}),
                                   help_text=_("Used for the buttons of the emails. It must keep white text readable (contrast of at least 4.5 to 1)."))
    logo = forms.FileField(label=_("Logo"), required=False, widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
                           help_text=_("JPEG, PNG or WebP; its metadata is removed."))

    def __init__(self, *args, organization, **kwargs):
        import zoneinfo

        super().__init__(*args, **kwargs)
        self.fields["reply_to"].help_text = self.fields["reply_to"].help_text % {"name": organization.name}
        self.fields["time_zone"].choices = [(zone, zone) for zone in sorted(zoneinfo.available_timezones()) if "/" in zone or zone == "UTC"]
        for code, name in settings.LANGUAGES:
            self.fields[f"description_{code}"] = forms.CharField(
                label=_("Description in %(language)s") % {"language": name}, required=False, max_length=2000,
                widget=forms.Textarea(attrs={"rows": 3, "lang": code, "dir": direction(code)}),
            )

    def description_fields(self):
        return [self[f"description_{code}"] for code, _name in settings.LANGUAGES]

    def clean_reply_to(self):
        value = self.cleaned_data["reply_to"]
        if value and has_control_characters(value):
            raise forms.ValidationError(_("Enter a valid email address."))
        return value

    def clean_brand_colour(self):
        from awaz.studio.colours import AA, contrast, is_valid, keeps_aa_with_white

        colour = (self.cleaned_data["brand_colour"] or "").lower()
        if not colour:
            return ""
        if not is_valid(colour):
            raise forms.ValidationError(_("Write the colour as # and six hexadecimal digits, for example #0b4f8a."))
        if not keeps_aa_with_white(colour):
            raise forms.ValidationError(
                _("White text on this colour has a contrast of %(ratio)s to 1; at least %(minimum)s to 1 is needed for people with low vision. Choose a darker colour."),
                params={"ratio": f"{contrast(colour, '#ffffff'):.1f}", "minimum": AA},
            )
        return colour

    def clean_logo(self):
        upload = self.cleaned_data.get("logo")
        if upload:
            from awaz.studio.images import decode

            decode(upload)
        return upload


class LookupForm(forms.Form):
    email = forms.EmailField(label=_("Email address"), help_text=_("The exact address the person signed with. It is not kept, and it is not written to the audit log."))


class ExportForm(forms.Form):
    language = forms.ChoiceField(label=_("Country names in"), choices=settings.LANGUAGES)
