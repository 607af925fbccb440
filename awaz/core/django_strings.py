"""Django's own messages that Awaz shows on public pages, listed so that they enter Awaz's
catalogues too. Django translates most of them already, but not into every language Awaz
speaks (it has no Uyghur in Latin script), and a signer must never meet an English error."""

from django.utils.translation import gettext_noop, ngettext_lazy

DJANGO_FORM_MESSAGES = [
    gettext_noop("This field is required."),
    gettext_noop("Enter a valid email address."),
    gettext_noop("Select a valid choice. %(value)s is not one of the available choices."),
    gettext_noop("Null characters are not allowed."),
]
DJANGO_LENGTH_MESSAGES = [
    ngettext_lazy(
        "Ensure this value has at most %(limit_value)d character (it has %(show_value)d).",
        "Ensure this value has at most %(limit_value)d characters (it has %(show_value)d).",
        "limit_value",
    ),
]
