"""A petition's address from its title, in any script.

Latin letters lose their accents; Uyghur and Arabic script go through Awaz's Uyghur converter
(awaz.core.uyghur, good enough for an address); Cyrillic is transliterated letter by letter.
Scripts with no simple Latin spelling (Chinese, Japanese) give "petition", and a number
makes every address unique. The campaigner can edit it until the petition is published.
"""

import re
import unicodedata

from django.utils.text import slugify

from awaz.core.uyghur import arabic_to_latin

MAX_LENGTH = 60
CYRILLIC = dict(zip(
    "абвгдеёжзийклмнопрстуфхцчшщъыьэюяіїєґў",
    ["a", "b", "v", "g", "d", "e", "yo", "zh", "z", "i", "y", "k", "l", "m", "n", "o", "p", "r", "s", "t", "u",
     "f", "kh", "ts", "ch", "sh", "shch", "", "y", "", "e", "yu", "ya", "i", "yi", "ye", "g", "w"],
))
SPECIAL = {"ı": "i", "ß": "ss", "æ": "ae", "œ": "oe", "ø": "o", "ł": "l", "đ": "d", "ð": "d", "þ": "th"}


def _latin(text: str) -> str:
    text = arabic_to_latin(text)
    out = []
    for char in text.lower():
        out.append(CYRILLIC.get(char, SPECIAL.get(char, char)))
    decomposed = unicodedata.normalize("NFKD", "".join(out))
    return "".join(c for c in decomposed if c.isascii())


def slug_from_title(title: str) -> str:
    slug = slugify(_latin(title))[:MAX_LENGTH].strip("-")
    return slug or "petition"


def unique_slug(title: str, taken) -> str:
    """`taken(slug)` says whether a slug is in use."""
    base = slug_from_title(title)
    if not taken(base) and base != "petition":
        return base
    for n in range(2, 10_000):
        candidate = f"{base[: MAX_LENGTH - 6]}-{n}"
        if not taken(candidate):
            return candidate
    raise RuntimeError("No free slug")  # ten thousand petitions with one title
