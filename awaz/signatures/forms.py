import unicodedata
from functools import lru_cache

from django import forms
from django.conf import settings
from django.utils import translation
from django.utils.choices import BaseChoiceIterator
from django.utils.translation import gettext_lazy as _

from awaz.core import languages
from awaz.core.disposable import is_disposable_domain
from awaz.core.email_address import email_domain, has_control_characters, is_valid_email
from awaz.core.email_typos import suggest_address
from awaz.core.public_forms import form_token_is_valid
from awaz.core.text import has_forbidden_characters, has_invisible_marks, validate_name, validate_plain_text
from awaz.signatures.services import SignerDetails

NAME_MAX = 120


class _PreparedChoices(BaseChoiceIterator):
    """Choices Django takes as they are: it normalizes any other list on every assignment,
    which for some 250 countries cost more CPU than the rest of a signature."""

    def __init__(self, items: list[tuple[str, str]]):
        self.items = items

    def __iter__(self):
        return iter(self.items)


@lru_cache(maxsize=16)
def country_choices(language: str) -> _PreparedChoices:
    with translation.override(language):
        blank = str(_("Choose your country"))
    return _PreparedChoices([("", blank), *languages.countries(language)])
COMMENT_MAX = 1000
EMAIL_MAX = 254


CONTROL_IN_EMAIL = _(
    "An email address cannot contain invisible control characters or line breaks. Please type it again."
)


class SignatureForm(forms.Form):
    name = forms.CharField(
        label=_("Your name"), max_length=NAME_MAX, validators=[validate_name],
        widget=forms.TextInput(attrs={"autocomplete": "name", "dir": "auto"}),
    )
    email = forms.EmailField(
        label=_("Your email address"),
        max_length=EMAIL_MAX,
        help_text=_("We send you a link to confirm. Your address is encrypted and never shown."),
        widget=forms.EmailInput(attrs={"autocomplete": "email", "dir": "auto", "inputmode": "email"}),
    )
    country = forms.ChoiceField(label=_("Country"), widget=forms.Select(attrs={"autocomplete": "country"}))
    comment = forms.CharField(
        label=_("Why are you signing?"), required=False, max_length=COMMENT_MAX,
        validators=[validate_plain_text], widget=forms.Textarea(attrs={"rows": 3, "dir": "auto"}),
    )
    show_publicly = forms.BooleanField(label=_("Show my name and country on this page"), required=False)
    show_comment = forms.BooleanField(label=_("Show my comment with my name"), required=False)
    wants_updates = forms.BooleanField(label=_("Email me updates about this petition"), required=False)
    # A field that people never see and bots fill in (see the honeypot rule in the view).
    website = forms.CharField(required=False, label=_("Leave this field empty"))
    # Missing or stale, the answer is the same: send the form again (see clean_form_token).
    form_token = forms.CharField(label=_("Form"), required=False, widget=forms.HiddenInput)
    # Filled by the proof-of-work widget while a petition asks for one (see awaz.core.proof_of_work); the
    # view checks it. Never rendered by Django: the widget adds its own hidden input.
    altcha = forms.CharField(required=False, strip=True, widget=forms.HiddenInput)

    def __init__(self, *args, petition_scope: str, language: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.petition_scope = petition_scope
        # The address the visitor was shown a correction for (see clean_email).
        self.email_checked = ""
        self.fields["country"].choices = country_choices(language)
        self.fields["website"].widget.attrs.update({"tabindex": "-1", "autocomplete": "off"})

    def clean_name(self):
        name = normalize_name(self.cleaned_data["name"])
        if not name:
            raise forms.ValidationError(_("Please enter your name."), code="required")
        return name

    def clean_email(self):
        email = self.cleaned_data["email"].strip()
        if has_control_characters(email):
            raise forms.ValidationError(CONTROL_IN_EMAIL, code="control_characters")
        if not is_valid_email(email):
            raise forms.ValidationError(_("Please enter a valid email address."), code="invalid")
        domain = email_domain(email)
        suggestion = suggest_address(email)
        if suggestion:
            # A typo first gets a suggestion, before any refusal; sending the same address again
            # keeps it, unless its domain is a listed trap that collects other people's mail.
            kept = self.data.get("email_checked", "").strip() == email
            self.email_checked = email  # rendered as a hidden field: the next send keeps it
            if not kept:
                raise forms.ValidationError(
                    _("Did you mean %(suggestion)s? Correct the address, or send the form again to keep it."),
                    code="typo",
                    params={"suggestion": suggestion},
                )
            if is_disposable_domain(domain):
                raise forms.ValidationError(
                    _("Mail sent to %(domain)s does not reach %(provider)s. Please correct your address."),
                    code="typo_domain",
                    params={"domain": domain, "provider": suggestion.rpartition("@")[2]},
                )
            return email
        if is_disposable_domain(domain):
            # One throwaway inbox can confirm any number of signatures.
            raise forms.ValidationError(
                _("Addresses from disposable email services cannot be used to sign. Please use an address you keep."),
                code="disposable",
            )
        return email

    def clean_form_token(self):
        token = self.cleaned_data["form_token"]
        if not form_token_is_valid(token, self.petition_scope):
            raise forms.ValidationError(
                _("This form has expired. Please check your details and send it again."), code="expired"
            )
        return token

    def is_honeypot_filled(self) -> bool:
        return bool(self.data.get("website"))

    def signer_details(self) -> SignerDetails:
        data = self.cleaned_data
        return SignerDetails(
            name=data["name"], email=data["email"], country=data["country"], comment=data["comment"].strip(),
            show_publicly=data["show_publicly"], wants_updates=data["wants_updates"],
            show_comment=data["show_comment"],
        )


def sign_form_scope(petition_id: int) -> str:
    """What a sign form's token is bound to: one petition."""
    return f"sign:{petition_id}"


def normalize_name(name: str) -> str:
    return unicodedata.normalize("NFC", " ".join(name.split()))


@lru_cache(maxsize=1)
def _country_codes() -> frozenset[str]:
    return frozenset(code for code, _name in languages.countries(settings.LANGUAGE_CODE))


def _plain(value: str, limit: int, *, multiline: bool = False) -> str | None:
    value = value.strip()
    if len(value) > limit or has_forbidden_characters(value, allow_newlines=multiline):
        return None
    return value


def clearly_valid_signer_details(data, *, petition_scope: str) -> SignerDetails | None:
    """The signer's details if the form is plainly valid, else None: the express lane's check.

    It applies SignatureForm's rules (with the same helpers) but only ever says yes when the
    form would too, with the same cleaned values (tests/signatures/test_express.py holds the
    two to that). Anything unusual (an error to explain, a filled honeypot, a checkbox value a
    browser would not send) is None, and the request goes to the form for the full treatment.
    """
    get = data.get
    if get("website") or not form_token_is_valid(get("form_token", ""), petition_scope):
        return None
    flags = {}
    for flag in ("show_publicly", "wants_updates", "show_comment"):
        value = get(flag)
        if value not in (None, "on"):
            return None
        flags[flag] = value == "on"
    name = _plain(get("name", ""), NAME_MAX)
    if name and has_invisible_marks(name):
        return None
    comment = _plain(get("comment", ""), COMMENT_MAX, multiline=True)
    email = get("email", "").strip()
    country = get("country", "")
    if not name or comment is None or country not in _country_codes():
        return None
    if len(email) > EMAIL_MAX or not is_valid_email(email) or is_disposable_domain(email_domain(email)):
        return None
    if suggest_address(email):  # a likely typo: the form suggests the correction
        return None
    name = normalize_name(name)
    if not name:
        return None
    return SignerDetails(name=name, email=email, country=country, comment=comment, **flags)


class ResendForm(forms.Form):
    email = forms.EmailField(
        label=_("Your email address"), max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "dir": "auto"}),
    )

    def clean_email(self):
        email = self.cleaned_data["email"].strip()
        if has_control_characters(email):
            raise forms.ValidationError(CONTROL_IN_EMAIL, code="control_characters")
        return email
