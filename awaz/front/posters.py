"""Printable posters for rallies and shop windows: A4 or US Letter, one page, in any language.

The page is HTML (templates/petitions/poster.html) made into a PDF by WeasyPrint, which the
delivery package (awaz.outcomes) already brought in: Pango and HarfBuzz shape Arabic and Uyghur,
fontconfig finds Debian's Noto fonts (with their own fallback between scripts, so "DNA" inside an
Uyghur title needs no special case), and the text stays text, so it can be selected, searched
and read aloud. The QR code (segno) is inline SVG, drawn as vectors: it prints crisp at any
size. Nothing is fetched while the PDF is made: the fetcher refuses every URL.

The QR code holds the petition's full address in the poster's language; the short address under
it (/p/<slug>/) is for typing and sends each reader to their own language. The title is set as
large as lets everything fit on one page.
"""

import io
import logging

from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.safestring import mark_safe

from awaz.core import languages
from awaz.core.links import absolute_url
from awaz.signatures.presenters import PetitionSummary

logging.getLogger("weasyprint").setLevel(logging.WARNING)
logging.getLogger("fontTools").setLevel(logging.WARNING)

# CSS page sizes (A4 is 210 x 297 mm, Letter 8.5 x 11 in).
PAGE_SIZES = {"a4": "A4", "letter": "letter"}
# Title sizes in points, largest first, and QR code sizes in centimetres: the first pair that
# fits on one page is used.
LAYOUTS = [(size, qr) for size in (54, 46, 40, 34, 28, 24) for qr in (9, 7.5)]


def poster_url(summary: PetitionSummary) -> str:
    return absolute_url(summary.petition.get_absolute_url())


def short_url(petition) -> str:
    return absolute_url(reverse("petition_short", kwargs={"slug": petition.slug}))


def qr_svg(data: str) -> str:
    """A QR code of `data` as an SVG element without a fixed size (the CSS sizes it)."""
    import segno

    buffer = io.BytesIO()
    segno.make(data, error="m", micro=False).save(buffer, kind="svg", border=4, xmldecl=False, svgns=True,
                                                   nl=False, omitsize=True, dark="#000", light="#fff")
    return buffer.getvalue().decode()


def _no_fetching():
    from weasyprint.urls import URLFetcher

    class Nothing(URLFetcher):
        def fetch(self, url, headers=None):
            raise ValueError("A poster loads nothing.")

    return Nothing(allowed_protocols=[])


def render(summary: PetitionSummary, language: str, paper: str) -> bytes:
    from weasyprint import CSS, HTML

    petition = summary.petition
    title_language = summary.text_language
    with translation.override(language):
        context = {
            "paper": PAGE_SIZES[paper],
            "language": language,
            "direction": languages.direction(language),
            "title": summary.text.title if summary.text else petition.slug,
            "title_language": title_language,
            "title_direction": languages.direction(title_language),
            "organization": petition.organization.name,
            "qr": mark_safe(qr_svg(poster_url(summary))),
            "address": short_url(petition).split("://", 1)[-1],
        }
        for title_size, qr_size in LAYOUTS:
            sized = {**context, "title_size": title_size, "qr_size": qr_size}
            html = render_to_string("petitions/poster.html", sized)
            css = CSS(string=render_to_string("petitions/poster.css", sized), url_fetcher=_no_fetching())
            document = HTML(string=html, url_fetcher=_no_fetching()).render(stylesheets=[css])
            if len(document.pages) == 1:
                break
    document.metadata.title = context["title"]
    document.metadata.authors = [context["organization"]]
    document.metadata.description = poster_url(summary)
    document.metadata.generator = "Awaz"
    return document.copy(document.pages[:1]).write_pdf()
