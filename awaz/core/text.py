"""Checks for text that people type into public forms."""

import unicodedata

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# Characters that reorder the text around them (embeddings, overrides, isolates). Pages
# isolate what signers type anyway; refusing them keeps stored names honest.
BIDI_CONTROLS = set("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


# Marks that are invisible in a name but change how it reads or compares: the direction marks
# (LRM, RLM, the Arabic letter mark), zero-width characters and the word joiner, the byte order
# mark, and every other invisible format character (Unicode category Cf: soft hyphens,
# invisible operators, tag characters...). Two names that look the same must be the same text.
DIRECTION_MARKS = set("\u200e\u200f\u061c")
ZERO_WIDTH = set("\u200b\u200c\u200d\u2060\ufeff")
ZWNJ = "\u200c"


def _is_letter(char: str) -> bool:
    return unicodedata.category(char)[0] in "LM"


def has_invisible_marks(value: str) -> bool:
    """True if a name holds a direction mark, a bidi control, a zero-width or other invisible
    format character.

    The zero-width non-joiner (U+200C) is the one exception, and only between two letters:
    Persian writes it inside words every day (می‌خواهم, the "half-space"), and Kurdish, Urdu and
    some Uyghur Arabic-script spellings use it the same way, so refusing it would refuse real
    names. At the start or end of a word, next to a space or punctuation, or doubled, it
    separates nothing and is only padding that makes one name look like another: refused.
    """
    for i, char in enumerate(value):
        if char == ZWNJ:
            before = value[i - 1] if i > 0 else ""
            after = value[i + 1] if i + 1 < len(value) else ""
            if before and after and _is_letter(before) and _is_letter(after):
                continue
            return True
        if char in BIDI_CONTROLS or char in DIRECTION_MARKS or char in ZERO_WIDTH:
            return True
        if unicodedata.category(char) == "Cf":
            return True
    return False


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


INVISIBLE_IN_NAME = _(
    "Please remove invisible characters and direction marks (such as right-to-left marks or "
    "zero-width spaces) from your name."
)


def validate_name(value: str) -> None:
    """A person's name: one line, no controls, no invisible or direction marks."""
    validate_plain_line(value)
    if has_invisible_marks(value):
        raise ValidationError(INVISIBLE_IN_NAME, code="invisible_marks")
