import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from django import forms
from django.conf import settings
from django.core.validators import EmailValidator, MaxLengthValidator
from django.utils import translation
from django.utils.choices import BaseChoiceIterator
from django.utils.translation import gettext_lazy as _

from awaz.core import languages
from awaz.core.disposable import is_disposable_domain
from awaz.core.email_address import email_domain, has_control_characters, is_valid_email
from awaz.core.email_typos import suggest_address
from awaz.core.public_forms import form_token_is_valid
from awaz.core.text import validate_name, validate_plain_text
from awaz.signatures.services import SignerDetails

NAME_MAX = 120
COMMENT_MAX = 1000
EMAIL_MAX = 254


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



CONTROL_IN_EMAIL = _(
    "An email address cannot contain invisible control characters or line breaks. Please type it again."
)
REQUIRED = forms.Field.default_error_messages["required"]
INVALID_CHOICE = forms.ChoiceField.default_error_messages["invalid_choice"]


# --- The rules: one validator for every way in to signing -----------------------------------
#
# Each rule takes what the browser sent for one field and returns the cleaned value, or raises
# ValidationError with the message the signer reads. The signing pipeline (awaz.signatures.
# signing) applies them directly, without a form object, on every signature; SignatureForm is
# built on them to explain a refusal next to its field, and checks nothing of its own.


def _text(raw, limit: int) -> str:
    value = (raw or "").strip()
    if len(value) > limit:
        MaxLengthValidator(limit)(value)
    return value


def clean_name(raw) -> str:
    value = _text(raw, NAME_MAX)
    if not value:
        raise forms.ValidationError(REQUIRED, code="required")
    validate_name(value)
    value = normalize_name(value)
    if not value:
        raise forms.ValidationError(_("Please enter your name."), code="required")
    return value


def clean_email(raw, checked=None) -> str:
    """`checked` is the address the signer was already shown a correction for (the form's
    hidden `email_checked`): sending it again unchanged keeps it."""
    value = _text(raw, EMAIL_MAX)
    if not value:
        raise forms.ValidationError(REQUIRED, code="required")
    if has_control_characters(value):
        raise forms.ValidationError(CONTROL_IN_EMAIL, code="control_characters")
    if not is_valid_email(value):
        raise forms.ValidationError(EmailValidator.message, code="invalid")
    domain = email_domain(value)
    suggestion = suggest_address(value)
    if suggestion:
        # A likely typo first gets a suggestion, before any refusal (gmial.com is also on the
        # disposable list); sending the same address again keeps it, unless its domain is a
        # listed trap that collects other people's mail.
        if (checked or "").strip() != value:
            raise forms.ValidationError(
                _("Did you mean %(suggestion)s? Correct the address, or send the form again to keep it."),
                code="typo", params={"suggestion": suggestion},
            )
        if is_disposable_domain(domain):
            raise forms.ValidationError(
                _("Mail sent to %(domain)s does not reach %(provider)s. Please correct your address."),
                code="typo_domain", params={"domain": domain, "provider": suggestion.rpartition("@")[2]},
            )
        return value
    if is_disposable_domain(domain):
        # One throwaway inbox can confirm any number of signatures.
        raise forms.ValidationError(
            _("Addresses from disposable email services cannot be used to sign. Please use an address you keep."),
            code="disposable",
        )
    return value


def clean_country(raw) -> str:
    value = raw or ""
    if not value:
        raise forms.ValidationError(REQUIRED, code="required")
    if value not in _country_codes():
        raise forms.ValidationError(INVALID_CHOICE, code="invalid_choice", params={"value": value})
    return value


def clean_comment(raw) -> str:
    value = _text(raw, COMMENT_MAX)
    validate_plain_text(value)
    return value


def clean_flag(raw) -> bool:
    """A checkbox as Django reads one: absent, empty, "false" and "0" are off."""
    return isinstance(raw, str) and raw.lower() not in ("", "false", "0")


RULES = (("name", clean_name), ("email", clean_email), ("country", clean_country), ("comment", clean_comment))
FLAGS = ("show_publicly", "wants_updates", "show_comment", "organization_contact")


@dataclass(frozen=True)
class Checked:
    details: SignerDetails | None
    errors: dict[str, forms.ValidationError]


def signer_details_check(data, *, petition_scope: str, explain: bool = False) -> Checked:
    """The signer's details if the form data passes every rule, else the errors.

    With `explain` off (the fast path) it stops at the first error: the caller only needs to
    know that there is something to explain, and the form will find every error.
    """
    get = data.get
    errors: dict[str, forms.ValidationError] = {}
    values = {}
    for field, rule in RULES:
        try:
            values[field] = rule(get(field), get("email_checked")) if rule is clean_email else rule(get(field))
        except forms.ValidationError as error:
            errors[field] = error
            if not explain:
                return Checked(None, errors)
    if not form_token_is_valid(get("form_token") or "", petition_scope):
        errors["form_token"] = forms.ValidationError(
            _("This form has expired. Please check your details and send it again."), code="expired"
        )
    if errors:
        return Checked(None, errors)
    flags = {flag: clean_flag(get(flag)) for flag in FLAGS}
    return Checked(SignerDetails(**values, **flags), {})


def sign_form_scope(petition_id: int) -> str:
    """What a sign form's token is bound to: one petition."""
    return f"sign:{petition_id}"


def normalize_name(name: str) -> str:
    return unicodedata.normalize("NFC", " ".join(name.split()))


@lru_cache(maxsize=1)
def _country_codes() -> frozenset[str]:
    return frozenset(code for code, _name in languages.countries(settings.LANGUAGE_CODE))


# --- The form that explains ---------------------------------------------------------------


class _Shown:
    """A field that renders like its base class (label, widget, required, maxlength) and
    validates nothing itself: SignatureForm.clean applies the rules above."""

    def clean(self, value):
        return value


class _ShownText(_Shown, forms.CharField):
    pass


class _ShownEmail(_Shown, forms.EmailField):
    pass


class _ShownChoice(_Shown, forms.ChoiceField):
    pass


class _ShownCheckbox(_Shown, forms.BooleanField):
    pass


class SignatureForm(forms.Form):
    name = _ShownText(
        label=_("Your name"), max_length=NAME_MAX,
        widget=forms.TextInput(attrs={"autocomplete": "name", "dir": "auto"}),
    )
    email = _ShownEmail(
        label=_("Your email address"),
        max_length=EMAIL_MAX,
        help_text=_("We send you a link to confirm. Your address is encrypted and never shown."),
        widget=forms.EmailInput(attrs={"autocomplete": "email", "dir": "auto", "inputmode": "email"}),
    )
    country = _ShownChoice(label=_("Country"), widget=forms.Select(attrs={"autocomplete": "country"}))
    comment = _ShownText(
        label=_("Why are you signing?"), required=False, max_length=COMMENT_MAX,
        widget=forms.Textarea(attrs={"rows": 3, "dir": "auto"}),
    )
    show_publicly = _ShownCheckbox(label=_("Show my name and country on this page"), required=False)
    show_comment = _ShownCheckbox(label=_("Show my comment with my name"), required=False)
    wants_updates = _ShownCheckbox(label=_("Email me updates about this petition"), required=False)
    # Off by default; the sign form's template words it with the organization's name.
    organization_contact = _ShownCheckbox(label=_("The organization behind this petition may contact me"), required=False)
    # A field that people never see and bots fill in (see the honeypot rule in the pipeline).
    website = _ShownText(required=False, label=_("Leave this field empty"))
    # Missing or stale, the answer is the same: send the form again.
    form_token = _ShownText(label=_("Form"), required=False, widget=forms.HiddenInput)
    # Filled by the proof-of-work widget while a petition asks for one (see awaz.signatures.proof_of_work); the
    # pipeline checks it. Never rendered by Django: the widget adds its own hidden input.
    altcha = _ShownText(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, petition_scope: str, language: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.petition_scope = petition_scope
        self.details: SignerDetails | None = None
        # The address the visitor was shown a correction for (see clean_email), rendered as a
        # hidden field so that sending it again keeps it.
        self.email_checked = ""
        self.fields["country"].choices = country_choices(language)
        self.fields["website"].widget.attrs.update({"tabindex": "-1", "autocomplete": "off"})

    def clean(self):
        checked = signer_details_check(self.data, petition_scope=self.petition_scope, explain=True)
        email = (self.data.get("email") or "").strip()
        if email and suggest_address(email):
            self.email_checked = email
        for field, error in checked.errors.items():
            self.add_error(field, error)
        self.details = checked.details
        return self.cleaned_data

    def signer_details(self) -> SignerDetails:
        assert self.details is not None, "signer_details() of a form that is not valid"
        return self.details


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
