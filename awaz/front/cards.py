"""Share cards: the 1200x630 PNG that social networks and messengers show for a petition link.

One card per petition and reader's language, with the title, the organization, the count and
the progress. The count on the card moves in display steps (exact below 100, then two
significant digits: 1,234 shows as "at least 1,200"), so a card is drawn again only when the
count crosses a step, and its address carries the step (`?v=`), so networks that keep images
by address fetch the new one. Cards are kept as files under AWAZ_DATA_DIR/cards; drawing one
takes tens of milliseconds (docs/reach.md).
"""

import hashlib
import io
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.utils import translation
from django.utils.translation import ngettext

from awaz.core import languages, typesetting
from awaz.core.links import absolute_url
from awaz.core.milestones import goal_for
from awaz.signatures.presenters import PetitionSummary, closed_sentence, count_sentence

WIDTH, HEIGHT = 1200, 630
MARGIN = 64
BRAND = (8, 58, 102)
INK = (26, 26, 26)
MUTED = (74, 74, 74)
TRACK = (223, 228, 234)
WHITE = (255, 255, 255)
# Bump when the drawing changes, so every card is drawn again.
DESIGN_VERSION = 1


def display_count(count: int) -> int:
    """The count as a card shows it: exact below 100, then two significant digits, rounded down."""
    if count < 100:
        return count
    step = 10 ** (len(str(count)) - 2)
    return count // step * step


@dataclass(frozen=True)
class Card:
    """What one card shows; its digest names the file and the image's address."""

    language: str
    title: str
    title_language: str
    organization: str
    sentence: str
    progress: float | None  # 0..1, None for a closed petition
    footer: str

    @property
    def digest(self) -> str:
        parts = (DESIGN_VERSION, self.language, self.title, self.title_language, self.organization, self.sentence, self.progress, self.footer)
        return hashlib.sha256(repr(parts).encode()).hexdigest()[:16]

    @property
    def alt(self) -> str:
        return f"{self.title} · {self.organization} · {self.sentence}"


def card_for(summary: PetitionSummary, language: str) -> Card:
    petition = summary.petition
    shown = display_count(summary.count)
    with translation.override(language):
        if summary.is_closed:  # the final result, exact
            closed = petition.closed_at or petition.closes_at
            sentence, progress = closed_sentence(summary.count, closed.date() if closed else None), None
        else:
            goal = goal_for(shown, petition.goal)
            progress = min(1.0, shown / goal)
            if shown < 100:  # exact
                sentence = count_sentence(shown, goal)
            else:  # a step: true of every count until the next one
                values = {"count": languages.format_number(shown), "goal": languages.format_number(goal)}
                sentence = ngettext(
                    "At least %(count)s person has signed. Let's get to %(goal)s!",
                    "At least %(count)s people have signed. Let's get to %(goal)s!",
                    shown,
                ) % values
    text = summary.text
    footer = absolute_url(petition.get_absolute_url()).split("://", 1)[-1].rstrip("/")
    return Card(
        language=language,
        title=text.title if text else petition.slug,
        title_language=summary.text_language,
        organization=petition.organization.name,
        sentence=sentence,
        progress=progress,
        footer=footer,
    )


def render(card: Card) -> bytes:
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (WIDTH, HEIGHT), WHITE)
    draw = ImageDraw.Draw(image)
    box = (MARGIN, WIDTH - MARGIN)
    language = card.language

    # The organization on a band across the top, on the reader's start side.
    draw.rectangle((0, 0, WIDTH, 100), fill=BRAND)
    rtl = language in typesetting.RTL
    org_box = (box[0] + 140, box[1]) if rtl else (box[0], box[1] - 140)
    org_size, org_lines = typesetting.fit(card.organization, language, width=org_box[1] - org_box[0], max_lines=1, sizes=(36, 32, 28))
    typesetting.draw_line(draw, org_lines[0], language, box=org_box, y=24, size=org_size, fill=WHITE)
    brand_box = (box[0], box[0] + 120) if rtl else (box[1] - 120, box[1])
    typesetting.draw_line(draw, "Awaz", "en", box=brand_box, y=28, size=30, fill=WHITE)

    # The count and the way to the goal at the bottom; the title, as large as the rest allows.
    sentence_size, sentence_lines = typesetting.fit(card.sentence, language, width=box[1] - box[0], max_lines=2, sizes=(36, 32, 28))
    sentence_height = typesetting.line_height(sentence_size, language)
    bottom = 500 if card.progress is not None else 548
    sentence_top = bottom - sentence_height * len(sentence_lines)
    title_language = card.title_language
    for size in (70, 64, 58, 52, 46, 40):
        room = (sentence_top - 16 - 124) // typesetting.line_height(size, title_language)
        size, lines = typesetting.fit(card.title, title_language, width=box[1] - box[0], max_lines=max(1, room), sizes=(size,))
        if not lines[-1].endswith("…"):
            break
    y = 124
    for line in lines:
        typesetting.draw_line(draw, line, title_language, box=box, y=y, size=size, fill=INK)
        y += typesetting.line_height(size, title_language)
    y = sentence_top
    for line in sentence_lines:
        typesetting.draw_line(draw, line, language, box=box, y=y, size=sentence_size, fill=INK)
        y += sentence_height
    if card.progress is not None:
        draw.rounded_rectangle((box[0], 510, box[1], 540), radius=15, fill=TRACK)
        filled = round((box[1] - box[0]) * card.progress)
        if filled >= 30:
            start, end = (box[1] - filled, box[1]) if rtl else (box[0], box[0] + filled)
            draw.rounded_rectangle((start, 510, end, 540), radius=15, fill=BRAND)
    typesetting.draw_line(draw, card.footer, "en", box=box, y=566, size=26, fill=MUTED, bold=False)

    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def card_directory() -> Path:
    return Path(settings.DATA_DIR) / "cards"


def card_png(summary: PetitionSummary, language: str) -> tuple[bytes, Card]:
    """The card's PNG, drawn once per display step and kept as a file."""
    card = card_for(summary, language)
    directory = card_directory() / str(summary.petition.pk)
    path = directory / f"{language}-{card.digest}.png"
    if path.exists():
        return path.read_bytes(), card
    data = render(card)
    directory.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile(dir=directory, suffix=".tmp", delete=False) as handle:
        handle.write(data)
    os.replace(handle.name, path)
    for older in directory.glob(f"{language}-*.png"):  # earlier steps of this card
        if older != path:
            older.unlink(missing_ok=True)
    return data, card
