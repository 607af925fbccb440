"""Printable posters for rallies and shop windows: A4 or US Letter, one page, in any language.

The PDF writer is Pillow's own: the page is set at 300 dpi with the same typesetting as the
share cards (libraqm shapes Arabic and Uyghur; Noto fonts), in black and white, and stored as
one CCITT G4 image, the fax compression PDF readers and printers have always understood. So:
no new dependency (fpdf2 would need uharfbuzz and its own bidi to shape Uyghur, ReportLab
shapes no Arabic; WeasyPrint brings Pango and a CSS engine for one page), text that looks the
same as on the card in every script, a file of a few dozen kilobytes that any photocopier
reproduces. The cost: the text is an image, not selectable; the title and a link are in the
PDF's metadata, and the page itself is in HTML.

The QR code (segno) holds the petition's full address in the poster's language; the short
address under it (/p/<slug>/) is for typing and sends each reader to their own language.
"""

import io

from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from awaz.core import typesetting
from awaz.core.links import absolute_url
from awaz.signatures.presenters import PetitionSummary

DPI = 300
# Page sizes in pixels at 300 dpi (A4 is 210 x 297 mm, Letter 8.5 x 11 in).
PAGE_SIZES = {"a4": (2480, 3508), "letter": (2550, 3300)}
BLACK, WHITE = 0, 255


def poster_url(summary: PetitionSummary) -> str:
    return absolute_url(summary.petition.get_absolute_url())


def short_url(petition) -> str:
    return absolute_url(reverse("petition_short", kwargs={"slug": petition.slug}))


def qr_image(data: str, size: int):
    """A QR code of `data`, `size` pixels square with its quiet zone, black on white."""
    import segno
    from PIL import Image, ImageDraw

    code = segno.make(data, error="m", micro=False)
    matrix = [list(row) for row in code.matrix]
    modules = len(matrix) + 8  # four modules of quiet zone on each side
    scale = size // modules
    image = Image.new("L", (modules * scale, modules * scale), WHITE)
    draw = ImageDraw.Draw(image)
    for y, row in enumerate(matrix):
        for x, dark in enumerate(row):
            if dark:
                left, top = (x + 4) * scale, (y + 4) * scale
                draw.rectangle((left, top, left + scale - 1, top + scale - 1), fill=BLACK)
    return image


def render(summary: PetitionSummary, language: str, paper: str) -> bytes:
    from PIL import Image, ImageDraw

    width, height = PAGE_SIZES[paper]
    page = Image.new("L", (width, height), WHITE)
    draw = ImageDraw.Draw(page)
    margin = 180
    box = (margin, width - margin)
    petition = summary.petition
    title = summary.text.title if summary.text else petition.slug
    title_language = summary.text_language
    with translation.override(language):
        call = _("Sign the petition")
        scan = _("Scan the code with your phone's camera, or type the address:")
        by = _("Petition by")

    y = margin
    for line in typesetting.wrap(f"{by} {petition.organization.name}", language, 64, box[1] - box[0], 2, bold=False):
        typesetting.draw_line(draw, line, language, box=box, y=y, size=64, fill=BLACK, bold=False)
        y += typesetting.line_height(64, language)
    y += 40
    size, lines = typesetting.fit(title, title_language, width=box[1] - box[0], max_lines=5, sizes=(170, 150, 130, 115, 100))
    for line in lines:
        typesetting.draw_line(draw, line, title_language, box=box, y=y, size=size, fill=BLACK)
        y += typesetting.line_height(size, title_language)
    y += 50
    draw.rectangle((box[0], y, box[1], y + 12), fill=BLACK)
    y += 60
    for line in typesetting.wrap(call, language, 130, box[1] - box[0], 2):
        typesetting.draw_line(draw, line, language, box=box, y=y, size=130, fill=BLACK)
        y += typesetting.line_height(130, language)
    for line in typesetting.wrap(scan, language, 56, box[1] - box[0], 3, bold=False):
        typesetting.draw_line(draw, line, language, box=box, y=y, size=56, fill=BLACK, bold=False)
        y += typesetting.line_height(56, language)

    # The QR code takes what room is left above the short address.
    address = short_url(petition).split("://", 1)[-1]
    address_size, address_lines = typesetting.fit(address, "en", width=box[1] - box[0], max_lines=1, sizes=(96, 84, 72, 60, 48))
    room = height - margin - y - typesetting.line_height(address_size, "en") - 40
    qr = qr_image(poster_url(summary), max(600, min(1400, room)))
    page.paste(qr, ((width - qr.width) // 2, y + 20))
    y += 20 + qr.width + 20
    address_width = typesetting.line_width(address_lines[0], "en", address_size)
    left = (width - round(address_width)) // 2
    typesetting.draw_line(draw, address_lines[0], "en", box=(left, left + round(address_width) + 1), y=y, size=address_size, fill=BLACK)

    out = io.BytesIO()
    # Black and white, no dithering: crisp text and modules, compressed as CCITT G4.
    page.point(lambda v: 0 if v < 128 else 255).convert("1", dither=Image.Dither.NONE).save(
        out, format="PDF", resolution=DPI, title=title, subject=poster_url(summary), author=petition.organization.name,
        creator="Awaz",
    )
    return out.getvalue()
