"""Text set into images (share cards, posters) in every site language, with Pillow and libraqm.

libraqm (HarfBuzz and FriBiDi) shapes Arabic and Uyghur letters into their joined forms and
orders right-to-left text; Pillow draws it. The fonts are Debian's Noto: Noto Sans (Latin,
Cyrillic), Noto Sans Arabic and Noto Sans CJK (Japanese and Chinese glyph variants).

Pillow has no font fallback, and the Arabic fonts have no Latin letters, so an Arabic or Uyghur
line is set as runs: words with Latin or Cyrillic letters ("DNA", an organization's English
name) in Noto Sans, the rest in Noto Sans Arabic, the runs placed right to left. Chinese and
Japanese break between any two characters (not before closing punctuation), other languages
at spaces.

Known limits: a Latin run inside an Arabic line is placed as a whole, so a line break never
splits it from its neighbours' reading order in a smarter way than by words; no hyphenation;
text that does not fit in the allowed lines ends with an ellipsis.
"""

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

NOTO = Path("/usr/share/fonts/truetype/noto")
NOTO_CJK = Path("/usr/share/fonts/opentype/noto")
FONT_FILES = {
    ("latin", True): (NOTO / "NotoSans-Bold.ttf", 0),
    ("latin", False): (NOTO / "NotoSans-Regular.ttf", 0),
    ("arabic", True): (NOTO / "NotoSansArabic-Bold.ttf", 0),
    ("arabic", False): (NOTO / "NotoSansArabic-Regular.ttf", 0),
    # Index in the collection: 0 is Japanese, 2 Simplified Chinese.
    ("ja", True): (NOTO_CJK / "NotoSansCJK-Bold.ttc", 0),
    ("ja", False): (NOTO_CJK / "NotoSansCJK-Regular.ttc", 0),
    ("zh", True): (NOTO_CJK / "NotoSansCJK-Bold.ttc", 2),
    ("zh", False): (NOTO_CJK / "NotoSansCJK-Regular.ttc", 2),
}
RTL = {"ar", "ug"}
CJK = {"ja": "ja", "zh-hans": "zh"}
# What raqm calls each language (OpenType language tags from BCP 47).
RAQM_LANGUAGE = {"zh-hans": "zh-Hans", "ug-latn": "ug-Latn"}
LATIN_OR_CYRILLIC = re.compile(r"[A-Za-z\u00C0-\u024F\u0400-\u04FF]")
ARABIC_LETTER = re.compile(r"[\u0620-\u064A\u066E-\u06D3\u06D5\u06EE-\u06FF]")
NO_LINE_START = set("、。，．！？）」』】〕：；,.!?)")
CJK_TOKEN = re.compile(r"[A-Za-z0-9\u00C0-\u024F]+|\s+|.", re.S)


def _require_raqm():
    from PIL import features

    if not features.check("raqm"):
        raise ImproperlyConfigured(
            "Pillow cannot shape Arabic or Uyghur text without libraqm: apt-get install libraqm0 (make run does it)."
        )


@lru_cache(maxsize=64)
def font(script: str, size: int, bold: bool = True):
    from PIL import ImageFont

    _require_raqm()
    path, index = FONT_FILES[(script, bold)]
    if not path.exists():
        raise ImproperlyConfigured(f"Font {path} is missing: apt-get install fonts-noto-core fonts-noto-cjk (make run does it).")
    return ImageFont.truetype(str(path), size, index=index, layout_engine=ImageFont.Layout.RAQM)


@dataclass
class Run:
    text: str
    script: str  # a key of FONT_FILES without the weight
    direction: str


def _script_for(language: str) -> str:
    if language in CJK:
        return CJK[language]
    return "arabic" if language in RTL else "latin"


def _words(text: str, language: str) -> list[str]:
    if language in CJK:
        tokens = CJK_TOKEN.findall(text)
        words: list[str] = []
        for token in tokens:
            if token.isspace():
                words.append(" ")
            elif words and token in NO_LINE_START:
                words[-1] += token
            else:
                words.append(token)
        return words
    return text.split()


def _join(words: list[str], language: str) -> str:
    if language in CJK:
        return "".join(words).strip()
    return " ".join(words)


def _runs(line: str, language: str) -> list[Run]:
    """An Arabic-script line split into runs of one font each, in logical order."""
    if language not in RTL:
        return [Run(line, _script_for(language), "ltr")]
    runs: list[Run] = []
    for word in line.split(" "):
        if LATIN_OR_CYRILLIC.search(word):
            script = "latin"
        elif ARABIC_LETTER.search(word) or not runs:
            script = "arabic"
        else:  # digits and punctuation go with the run they follow
            script = runs[-1].script
        if runs and runs[-1].script == script:
            runs[-1].text += " " + word
        else:
            runs.append(Run(word, script, "ltr" if script == "latin" else "rtl"))
    return runs


def _raqm_language(language: str, run: Run) -> str | None:
    return RAQM_LANGUAGE.get(language, language) if run.script != "latin" or language not in RTL else None


def line_width(line: str, language: str, size: int, bold: bool = True) -> float:
    runs = _runs(line, language)
    space = font("latin", size, bold).getlength(" ")
    width = sum(font(r.script, size, bold).getlength(r.text, direction=r.direction, language=_raqm_language(language, r)) for r in runs)
    return width + space * (len(runs) - 1)


def wrap(text: str, language: str, size: int, width: int, max_lines: int, bold: bool = True) -> list[str]:
    """Greedy line breaking; the last allowed line ends with "…" if text is left over."""
    words = _words(" ".join(text.split()), language)
    lines: list[str] = []
    current: list[str] = []
    for word in words:
        candidate = current + [word]
        if current and line_width(_join(candidate, language), language, size, bold) > width:
            lines.append(_join(current, language))
            current = [] if word == " " else [word]
        else:
            current = candidate
    if current and _join(current, language):
        lines.append(_join(current, language))
    if len(lines) > max_lines:
        last = lines[max_lines - 1]
        while last and line_width(last + "…", language, size, bold) > width:
            last = last[:-1].rstrip()
        lines = lines[: max_lines - 1] + [last + "…"]
    return lines


def fit(text: str, language: str, *, width: int, max_lines: int, sizes: tuple[int, ...], bold: bool = True) -> tuple[int, list[str]]:
    """The largest size in `sizes` at which `text` fits in `max_lines` lines (else the smallest)."""
    for size in sizes:
        lines = wrap(text, language, size, width, max_lines + 1, bold)
        if len(lines) <= max_lines:
            return size, lines
    size = sizes[-1]
    return size, wrap(text, language, size, width, max_lines, bold)


def draw_line(draw, line: str, language: str, *, box: tuple[int, int], y: int, size: int, fill, bold: bool = True) -> None:
    """Draw one line between x = box[0] and box[1], aligned to the language's start side."""
    runs = _runs(line, language)
    space = font("latin", size, bold).getlength(" ")
    left, right = box
    rtl = language in RTL
    x = right if rtl else left
    for run in runs:
        face = font(run.script, size, bold)
        lang = _raqm_language(language, run)
        length = face.getlength(run.text, direction=run.direction, language=lang)
        if rtl:
            x -= length
        # On one baseline: the Latin and Arabic fonts have different ascents.
        draw.text((x, y + round(size * 1.1)), run.text, font=face, fill=fill, direction=run.direction, language=lang, anchor="ls")
        x = x - space if rtl else x + length + space


def line_height(size: int, language: str) -> int:
    # Arabic script needs room for its marks above and below; CJK glyphs fill the em square.
    return round(size * (1.55 if language in RTL else 1.3))
