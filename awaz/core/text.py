"""Checks for text that people type into public forms."""

import unicodedata

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# Characters that reorder the text around them (embeddings, overrides, isolates). Pages
# isolate what signers type anyway; refusing them keeps stored names honest.
BIDI_CONTROLS = set("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def has_forbidden_characters(value: str, *, allow_newlines: bool = False) -> bool:
    for char in value:
        if allow_newlines and char in "\r\n\t":
            continue
        if char in BIDI_CONTROLS or unicodedata.category(char) in {"Cc", "Cs", "Co", "Cn"}:
            return True
    return False


def validate_plain_line(value: str) -> None:
    if has_forbidden_characters(value):
        raise ValidationError(_("Please remove invisible control characters."), code="control_characters")


def validate_plain_text(value: str) -> None:
    if has_forbidden_characters(value, allow_newlines=True):
        raise ValidationError(_("Please remove invisible control characters."), code="control_characters")
