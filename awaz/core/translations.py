"""Content in many languages: one row per (object, language), falling back to the original.

Petitions and news posts share this model. The original language's row is the source; every
other row remembers a fingerprint of the source it was translated from, so a campaigner can see
which translations went stale when the original changed.
"""

import hashlib
from typing import Iterable, TypeVar

from django.db import models
from django.utils.translation import gettext_lazy as _

T = TypeVar("T", bound="TranslationBase")


class TranslationStatus(models.TextChoices):
    ORIGINAL = "original", _("original")
    CURRENT = "current", _("up to date")
    OUTDATED = "outdated", _("outdated")
    MISSING = "missing", _("missing")


class TranslationBase(models.Model):
    # Free text rather than choices: adding a language to the site needs no schema migration.
    language = models.CharField(_("language"), max_length=10)
    source_fingerprint = models.CharField(
        _("translated from version"),
        max_length=64,
        blank=True,
        editable=False,
        help_text=_("Fingerprint of the original text this translation was made from."),
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    TRANSLATED_FIELDS: tuple[str, ...] = ()

    class Meta:
        abstract = True

    def fingerprint(self) -> str:
        joined = "\x1f".join(str(getattr(self, name) or "") for name in self.TRANSLATED_FIELDS)
        return hashlib.sha256(joined.encode()).hexdigest()


def mark_translations_current(owner, changed_languages: set[str]) -> None:
    """Record which version of the original each edited translation was made from.

    `owner` is a petition or a post: it has `translations` and `original_language`. A
    translation edited together with (or after) the original is taken to match it; one left
    alone while the original changed keeps its old fingerprint and shows as outdated.
    """
    original = owner.translations.filter(language=owner.original_language).first()
    if original is None:
        return
    languages = set(changed_languages) - {owner.original_language}
    owner.translations.filter(language__in=languages).update(source_fingerprint=original.fingerprint())


def choose_translation(translations: Iterable[T], language: str, original_language: str) -> tuple[T | None, bool]:
    """The row to show a reader of `language`, and whether it is a fallback to the original."""
    by_language = {t.language: t for t in translations}
    if language in by_language:
        return by_language[language], False
    return by_language.get(original_language) or next(iter(by_language.values()), None), True


def translation_status(translation: T | None, original: T | None) -> TranslationStatus:
    if translation is None:
        return TranslationStatus.MISSING
    if original is None or translation.language == original.language:
        return TranslationStatus.ORIGINAL
    if translation.source_fingerprint == original.fingerprint():
        return TranslationStatus.CURRENT
    return TranslationStatus.OUTDATED
