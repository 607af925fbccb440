"""The site's languages: their own names, their direction, and their CLDR data via Babel.

CLDR has no Uyghur in Latin script, so for `ug-latn` Babel's Arabic-script Uyghur data is
converted with the script converter (country names, month names).
"""

from datetime import date, datetime
from functools import lru_cache

from babel import Locale
from babel.dates import format_date
from babel.lists import format_list as babel_format_list
from babel.numbers import format_decimal
from django.conf import settings
from django.utils import translation

# Babel locale for each site language.
BABEL_LOCALES = {
    "en": "en",
    "fr": "fr",
    "ja": "ja",
    "ru": "ru",
    "tr": "tr",
    "zh-hans": "zh_Hans",
    "ar": "ar",
    "ug": "ug",
    "ug-latn": "ug",
}
# Regions that CLDR lists among territories but that are not countries a person lives in, and
# codes ISO 3166-1 only reserves (Ascension, Clipperton, Diego Garcia, Ceuta and Melilla, the
# Canary Islands, Tristan da Cunha, Sark): their people choose the country they belong to, and
# CLDR has no name for Sark in most languages.
NOT_COUNTRIES = {"EU", "EZ", "UN", "QO", "XA", "XB", "ZZ", "XK", "AC", "CP", "DG", "EA", "IC", "TA", "CQ"}


def native_name(code: str) -> str:
    return dict(settings.LANGUAGES).get(code, code)


def is_rtl(code: str) -> bool:
    return code in settings.LANGUAGES_BIDI


def direction(code: str) -> str:
    return "rtl" if is_rtl(code) else "ltr"


def current() -> str:
    code = translation.get_language() or settings.LANGUAGE_CODE
    return code if code in BABEL_LOCALES else settings.LANGUAGE_CODE


def _latinize(text: str, code: str) -> str:
    if code == "ug-latn":
        from awaz.core.uyghur import arabic_to_latin

        return arabic_to_latin(text)
    return text


def _latin_proper_name(text: str) -> str:
    """Arabic script has no capitals: a converted name gets them, word by word ("Yaponiye")."""
    return " ".join(word[:1].upper() + word[1:] for word in text.split(" "))


@lru_cache(maxsize=16)
def countries(code: str) -> tuple[tuple[str, str], ...]:
    """(ISO code, name in the language) for every country, sorted for readers of the language
    (Unicode collation with the language's tailoring, awaz.core.collation)."""
    from awaz.core.collation import sort_key

    locale = Locale.parse(BABEL_LOCALES.get(code, "en"))
    english = Locale.parse("en").territories
    names = []
    for iso, _ in english.items():
        if len(iso) != 2 or not iso.isalpha() or iso in NOT_COUNTRIES:
            continue
        name = locale.territories.get(iso) or english[iso]
        if code == "ug-latn":
            name = _latin_proper_name(_latinize(name, code))
        names.append((iso, name))
    key = sort_key(code)
    return tuple(sorted(names, key=lambda item: key(item[1])))


def country_name(iso: str, code: str | None = None) -> str:
    return dict(countries(code or current())).get(iso, iso)


def format_number(value: int, code: str | None = None) -> str:
    code = code or current()
    return format_decimal(value, locale=BABEL_LOCALES.get(code, "en"))


def format_long_date(value: date | datetime, code: str | None = None) -> str:
    code = code or current()
    if isinstance(value, datetime):
        value = value.date()
    return _latinize(format_date(value, format="long", locale=BABEL_LOCALES.get(code, "en")), code)


def format_short_date(value: date | datetime, code: str | None = None) -> str:
    """Day and month only ("1 Dec", "12月1日"), for chart labels and tables."""
    from babel.dates import format_skeleton

    code = code or current()
    if isinstance(value, datetime):
        value = value.date()
    return _latinize(format_skeleton("MMMd", value, locale=BABEL_LOCALES.get(code, "en")), code)


# CLDR's Uyghur has no list patterns of its own (Babel falls back to English "and").
UYGHUR_LIST = {"ug": ("، ", " ۋە "), "ug-latn": (", ", " we ")}


def format_list(items: list[str], code: str | None = None) -> str:
    """"A, B and C" the way the language writes lists (Arabic "و", Chinese "、"...)."""
    code = code or current()
    items = list(items)
    if not items:
        return ""
    if code in UYGHUR_LIST:
        comma, conjunction = UYGHUR_LIST[code]
        return items[0] if len(items) == 1 else comma.join(items[:-1]) + conjunction + items[-1]
    return babel_format_list(items, locale=BABEL_LOCALES.get(code, "en"))
