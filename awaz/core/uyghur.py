"""Convert Uyghur text between its Arabic script (UEY) and its Latin script (ULY).

Translators on the site write Uyghur in either script; this gives them a one-click *draft* of the
other one. Both scripts spell the same sounds letter for letter, so the conversion is a
deterministic transliteration, not a translation. The rules followed are those of Uyghur Latin
Yéziqi (ULY), finalised at Xinjiang University in 2001 and adopted as the regional standard
(amended 2006-2008):

* one Latin letter or digraph per Arabic letter: ``ch gh ng sh zh`` are single letters;
* the hamza carrier ``ئ`` only marks a vowel that starts a syllable. Latin drops it at the start
  of a word (``ئۇيغۇر`` -> ``uyghur``) and between two vowels (``مۇئەللىم`` -> ``muellim``), and
  writes it as an apostrophe after a consonant (``مەسئۇل`` -> ``mes'ul``);
* an apostrophe also splits two letters that would otherwise read as a digraph
  (``ئىنگلىز`` -> ``in'gliz``, ``باشلانغۇچ`` -> ``bashlan'ghuch``).

Everything here is pure and deterministic: no Django, no I/O.

Known limitations, all acceptable for a draft a translator then reviews:

* Arabic -> Latin output is all lowercase; Arabic script has no case and the converter does not
  guess where sentences or proper names start.
* Latin -> Arabic cannot tell a foreign word made of ULY letters (``Twitter``) from a Uyghur one
  and converts it. Words written entirely in capitals (``UN``, ``NGO``) are taken to be
  abbreviations and kept, as are words with letters that ULY does not have (``Facebook``).
* Text inside Markdown code spans, Markdown link destinations, URLs, e-mail addresses, HTML tags
  and HTML entities is never converted.
"""

import re
import unicodedata
from collections.abc import Callable

__all__ = ["arabic_to_latin", "latin_to_arabic", "to_script"]

# ULY letter -> canonical Uyghur Arabic letter (Unicode code points spelled out so that look-alike
# characters cannot creep in through an editor).
LATIN_TO_ARABIC: dict[str, str] = {
    "a": "\u0627",  # ا
    "e": "\u06d5",  # ە
    "é": "\u06d0",  # ې
    "i": "\u0649",  # ى
    "o": "\u0648",  # و
    "u": "\u06c7",  # ۇ
    "ö": "\u06c6",  # ۆ
    "ü": "\u06c8",  # ۈ
    "b": "\u0628",  # ب
    "p": "\u067e",  # پ
    "t": "\u062a",  # ت
    "j": "\u062c",  # ج
    "ch": "\u0686",  # چ
    "x": "\u062e",  # خ
    "d": "\u062f",  # د
    "r": "\u0631",  # ر
    "z": "\u0632",  # ز
    "zh": "\u0698",  # ژ
    "s": "\u0633",  # س
    "sh": "\u0634",  # ش
    "gh": "\u063a",  # غ
    "f": "\u0641",  # ف
    "q": "\u0642",  # ق
    "k": "\u0643",  # ك
    "g": "\u06af",  # گ
    "ng": "\u06ad",  # ڭ
    "l": "\u0644",  # ل
    "m": "\u0645",  # م
    "n": "\u0646",  # ن
    "h": "\u06be",  # ھ
    "w": "\u06cb",  # ۋ
    "y": "\u064a",  # ي
}
ARABIC_TO_LATIN: dict[str, str] = {arabic: latin for latin, arabic in LATIN_TO_ARABIC.items()}

LATIN_VOWELS = frozenset("aeéiouöü")
ARABIC_VOWELS = frozenset(LATIN_TO_ARABIC[v] for v in LATIN_VOWELS)
DIGRAPHS = frozenset(latin for latin in LATIN_TO_ARABIC if len(latin) == 2)

HAMZA = "\u0626"  # ئ, the carrier written before every syllable-initial vowel.

# Latin spellings that are not ULY but are common enough to read: the original 2001 ULY and
# some keyboards use "ë" for é.
LATIN_VARIANTS = {"ë": "é"}

# Look-alike characters people type for Uyghur letters (Persian or Arabic keyboards, old fonts).
# U+06CC (Persian yeh) is handled separately because it stands for both ي and ى.
ARABIC_VARIANTS = {
    "\u0647": "\u06d5",  # ه Arabic heh -> ە
    "\u0629": "\u06d5",  # ة teh marbuta -> ە
    "\u06a9": "\u0643",  # ک Persian keheh -> ك
    "\u0621": HAMZA,  # ء lone hamza -> ئ
}
PERSIAN_YEH = "\u06cc"
TATWEEL = "\u0640"
JOINER_CONTROLS = frozenset("\u200c\u200d")  # ZWNJ, ZWJ: only shape Arabic letters.

ARABIC_PUNCTUATION = {"\u060c": ",", "\u061b": ";", "\u061f": "?", "\u06d4": "."}
LATIN_PUNCTUATION = {",": "\u060c", ";": "\u061b", "?": "\u061f"}

APOSTROPHES = frozenset("'\u2019\u02bc")  # ' ’ ʼ

# Spans that are code or addresses rather than Uyghur prose and so must never be converted.
_URL_END = r"[^\s<>\"'`.,;:!?)\]}\u060c\u061b\u061f]"
_PROTECTED = re.compile(
    r"""
      (?<!`)(`++)[\s\S]*?(?<!`)\1(?!`)         # Markdown code span or fenced block
    | (?<=\]\()[^\s)]+                          # Markdown link destination: [text](here)
    | <(?:https?|ftp|mailto):[^\s<>]*>          # autolink
    | </?[A-Za-z][^<>]*>                        # HTML tag
    | (?:https?|ftp)://[^\s<>"'`]*"""
    + _URL_END
    + r"""  # bare URL, without trailing punctuation
    | www\.[^\s<>"'`]*"""
    + _URL_END
    + r"""
    | mailto:[^\s<>)]+
    | (?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+  # e-mail address
    | &\#?\w+;                                  # HTML entity
    """,
    re.VERBOSE,
)

_LATIN_LETTER = "A-Za-z\u00c0-\u024f\u1e00-\u1eff"
_LATIN_WORD = re.compile(
    rf"[{_LATIN_LETTER}][{_LATIN_LETTER}\u0300-\u036f]*"
    rf"(?:['\u2019\u02bc][{_LATIN_LETTER}][{_LATIN_LETTER}\u0300-\u036f]*)*"
)
_LATIN_WORD_OR_PUNCTUATION = re.compile(rf"{_LATIN_WORD.pattern}|[,;?]")


def _map_unprotected(text: str, convert: Callable[[str], str]) -> str:
    """Apply `convert` to the parts of `text` outside code, URLs and other protected spans."""
    parts: list[str] = []
    position = 0
    for match in _PROTECTED.finditer(text):
        parts.append(convert(text[position : match.start()]))
        parts.append(match.group(0))
        position = match.end()
    parts.append(convert(text[position:]))
    return "".join(parts)


# --- Arabic script -> Latin script -------------------------------------------------------------


def _is_arabic_presentation_form(char: str) -> bool:
    code = ord(char)
    return 0xFB50 <= code <= 0xFDFF or 0xFE70 <= code <= 0xFEFF


def _is_arabic(char: str) -> bool:
    return "\u0600" <= char <= "\u06ff"


def _normalize_arabic(text: str) -> str:
    """Rewrite look-alike and decorative characters as the canonical Uyghur letters.

    Only Arabic presentation forms go through NFKC: applied to the whole text it would also
    rewrite unrelated characters (full-width digits, ligatures, superscripts) that must pass
    through untouched.
    """
    chars: list[str] = []
    for index, char in enumerate(text):
        if _is_arabic_presentation_form(char):
            chars.extend(unicodedata.normalize("NFKC", char))
            continue
        if char == TATWEEL:
            continue
        if char in JOINER_CONTROLS:
            before = text[index - 1] if index else ""
            after = text[index + 1] if index + 1 < len(text) else ""
            if _is_arabic(before) or _is_arabic(after):
                continue
        # ئ typed as a yeh followed by a combining hamza (its canonical decomposition).
        if char == "\u0654" and chars and chars[-1] in ("\u064a", "\u0649", PERSIAN_YEH):
            chars[-1] = HAMZA
            continue
        # Harakat are not used in Uyghur; drop them when they sit on an Arabic letter.
        if unicodedata.category(char) == "Mn" and chars and _is_arabic(chars[-1]):
            continue
        chars.append(ARABIC_VARIANTS.get(char, char))

    # Persian yeh looks like ى at the end of a word and like ي elsewhere; in Uyghur the sound
    # decides: before a vowel, or after one (a vowel never follows a vowel without ئ), it is the
    # consonant y, otherwise the vowel i.
    for index, char in enumerate(chars):
        if char != PERSIAN_YEH:
            continue
        after = chars[index + 1] if index + 1 < len(chars) else ""
        before = chars[index - 1] if index else ""
        if after in ARABIC_VOWELS or before in ARABIC_VOWELS:
            chars[index] = LATIN_TO_ARABIC["y"]
        else:
            chars[index] = LATIN_TO_ARABIC["i"]
    return "".join(chars)


def _arabic_segment_to_latin(text: str) -> str:
    out: list[str] = []
    previous: str | None = None  # Latin spelling of the previous Uyghur letter in this word.
    for char in _normalize_arabic(text):
        if char == HAMZA:
            # A syllable-initial vowel: silent at word start or after a vowel, an apostrophe after
            # a consonant (mes'ul), which also keeps the consonant from joining a digraph.
            if previous is not None and previous not in LATIN_VOWELS:
                out.append("'")
            previous = None
            continue
        latin = ARABIC_TO_LATIN.get(char)
        if latin is not None:
            # n + g would read back as ng, s + h as sh, and so on: split them (in'gliz).
            if previous is not None and len(previous) == 1 and previous + latin[0] in DIGRAPHS:
                out.append("'")
            out.append(latin)
            previous = latin
            continue
        out.append(ARABIC_PUNCTUATION.get(char, char))
        # Invisible formatting characters (bidi marks) do not end a word.
        if unicodedata.category(char) != "Cf":
            previous = None
    return "".join(out)


def arabic_to_latin(text: str) -> str:
    """Transliterate Uyghur from Arabic script (UEY) to Latin script (ULY).

    The output is lowercase, also at the start of sentences: the Arabic script has no case, so
    capitals would be guesses the translator has to check anyway. Look-alike input (Persian
    keheh and yeh, Arabic heh, presentation forms) is read as the Uyghur letter it imitates.
    Arabic comma, semicolon, question mark and full stop become their Latin counterparts; any
    other character, including digits and Latin text, is kept as it is.
    """
    return _map_unprotected(text, _arabic_segment_to_latin)


# --- Latin script -> Arabic script -------------------------------------------------------------


def _parse_uly(word: str) -> list[str] | None:
    """Split a lowercase word into ULY letters and apostrophes, or None if it is not ULY."""
    units: list[str] = []
    index = 0
    while index < len(word):
        char = word[index]
        if char in APOSTROPHES:
            units.append("'")
            index += 1
        elif word[index : index + 2] in DIGRAPHS:  # ch, gh, ng, sh, zh read first, as in ULY
            units.append(word[index : index + 2])
            index += 2
        elif LATIN_VARIANTS.get(char, char) in LATIN_TO_ARABIC:
            units.append(LATIN_VARIANTS.get(char, char))
            index += 1
        else:
            return None
    return units


def _latin_word_to_arabic(word: str) -> str:
    composed = unicodedata.normalize("NFC", word)
    letters = "".join(char for char in composed if char not in APOSTROPHES)
    if len(letters) >= 2 and letters.isupper():
        return word  # an abbreviation such as UN or NGO, not a Uyghur word
    units = _parse_uly(composed.replace("İ", "i").lower())
    if units is None:
        return word  # letters ULY does not have (c, v, ç, ...): a foreign word
    out: list[str] = []
    previous: str | None = None
    for unit in units:
        if unit == "'":
            previous = "'"
            continue
        # Arabic script writes ئ before every vowel that starts a syllable: at the start of the
        # word, after another vowel (muellim) and where ULY marks it with an apostrophe (mes'ul).
        starts_syllable = previous is None or previous == "'" or previous in LATIN_VOWELS
        if unit in LATIN_VOWELS and starts_syllable:
            out.append(HAMZA)
        out.append(LATIN_TO_ARABIC[unit])
        previous = unit
    return "".join(out)


def _latin_segment_to_arabic(text: str) -> str:
    def replace(match: re.Match[str]) -> str:
        found = match.group(0)
        if found not in LATIN_PUNCTUATION:
            return _latin_word_to_arabic(found)
        before = text[match.start() - 1] if match.start() else ""
        after = text[match.end()] if match.end() < len(text) else ""
        if found == "," and before.isdigit() and after.isdigit():
            return found  # a thousands or decimal separator: 1,000
        return LATIN_PUNCTUATION[found]

    return _LATIN_WORD_OR_PUNCTUATION.sub(replace, text)


def latin_to_arabic(text: str) -> str:
    """Transliterate Uyghur from Latin script (ULY) to Arabic script (UEY).

    Case-insensitive (``Ch``, ``É``, ``Ö`` and ``Ü`` are read like their lowercase forms), except
    that all-capital words of two letters or more are kept as abbreviations. An apostrophe
    between letters may be ``'``, ``’`` or ``ʼ``; anywhere else it is a quotation mark and is
    kept. Comma, semicolon and question mark become their Arabic forms (not a comma between
    digits); everything else that is not a Uyghur word is kept as it is.
    """
    return _map_unprotected(text, _latin_segment_to_arabic)


# --- Dispatch ----------------------------------------------------------------------------------

_CONVERTERS = {"ug": latin_to_arabic, "ug-latn": arabic_to_latin}


def to_script(text: str, target: str) -> str:
    """Convert Uyghur `text` to the script of the language code `target`.

    `target` is "ug" (Arabic script) or "ug-latn" (Latin script), compared case-insensitively as
    language tags are. The source script is not detected: the text is assumed to be in the other
    script, and characters of the target script pass through unchanged anyway.
    """
    converter = _CONVERTERS.get(target.lower()) if isinstance(target, str) else None
    if converter is None:
        raise ValueError(f"Unknown Uyghur script target {target!r}; expected 'ug' or 'ug-latn'.")
    return converter(text)
