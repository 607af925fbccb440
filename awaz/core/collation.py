"""Sorting names the way a reader of each site language expects (Unicode collation, ICU).

ICU applies CLDR's tailorings: Turkish puts Ç, Ğ, İ, Ö, Ş and Ü after C, G, I, O, S and U;
Chinese sorts by pinyin; Russian, Arabic and Uyghur put their own script before Latin; Å sorts
with A in English. pyuca (the plain Unicode table) was measured against it on the country lists
(docs/reach.md): it has none of these tailorings, sorts Chinese by code point, and is 10-100
times slower. Sort keys are bytes, so a key function sorts a list in one pass.

Known limit: Japanese names are sorted by ICU's Japanese order (kana, then kanji by JIS level),
not by their reading; nearly every country name in Japanese is written in katakana.
"""

from collections.abc import Callable
from functools import lru_cache

from awaz.core.languages import BABEL_LOCALES

# ICU locale for each site language. Latin-script Uyghur has no tailoring of its own: the root
# order of the Latin alphabet is right for it.
ICU_LOCALES = {**BABEL_LOCALES, "ug-latn": "und"}


@lru_cache(maxsize=16)
def _collator(code: str):
    import icu

    return icu.Collator.createInstance(icu.Locale(ICU_LOCALES.get(code, "und")))


def sort_key(code: str) -> Callable[[str], bytes]:
    """A key function that orders strings for readers of the site language `code`."""
    return _collator(code).getSortKey


def sorted_names(names, code: str) -> list[str]:
    return sorted(names, key=sort_key(code))
