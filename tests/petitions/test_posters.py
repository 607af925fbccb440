"""Posters: A4 and US Letter PDFs whose text is real text (pdftotext reads the title and the call
to sign back, in Arabic, Uyghur, Chinese and Russian too) and whose QR code a phone reads as the
petition's address."""

import re
import shutil
import subprocess

import pytest
from django.utils import translation
from django.utils.translation import gettext

from awaz.core.links import absolute_url
from awaz.petitions.models import Petition
from tests.factories import make_petition

ZBARIMG = shutil.which("zbarimg")
PDFTOPPM = shutil.which("pdftoppm")
PDFTOTEXT = shutil.which("pdftotext")
PDFINFO = shutil.which("pdfinfo")
TITLES = {
    "en": "Stop the mass collection of DNA",
    "ar": "أوقفوا جمع الحمض النووي من الأويغور",
    "ug": "ئۇيغۇرلاردىن DNA توپلاشنى توختىتىڭ",
    "zh-hans": "停止大规模采集维吾尔人的DNA",
    "ru": "Остановите массовый сбор ДНК",
}


def _tools():
    if not (ZBARIMG and PDFTOPPM and PDFTOTEXT and PDFINFO):
        pytest.fail("zbarimg, pdftoppm and pdftotext are missing: run `make test` (it installs zbar-tools and poppler-utils)")


def _text_in(pdf: bytes, tmp_path) -> str:
    (tmp_path / "poster.pdf").write_bytes(pdf)
    result = subprocess.run([PDFTOTEXT, "-enc", "UTF-8", str(tmp_path / "poster.pdf"), "-"], capture_output=True, text=True, check=True)
    return result.stdout


BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069\u064b-\u065f\u0670\\s]")
LAM_ALEF_RUN = re.compile("[\u0622\u0623\u0625\u0627\u0644]{2,}")


def _comparable(text: str) -> str:
    """Text as pdftotext gives it back, made comparable with what was typed: without the bidi
    controls and line breaks it adds, and with each run of lams and alefs in one order. The PDF
    maps the lam-alef ligature glyph to lam then alef (its ToUnicode CMap, checked below), but
    poppler reverses the letters of one glyph in right-to-left text."""
    text = BIDI_CONTROLS.sub("", text)
    return LAM_ALEF_RUN.sub(lambda run: "".join(sorted(run.group())), text)


def _info(pdf: bytes, tmp_path) -> dict:
    (tmp_path / "poster.pdf").write_bytes(pdf)
    info = subprocess.run([PDFINFO, str(tmp_path / "poster.pdf")], capture_output=True, text=True, check=True).stdout
    size = re.search(r"^Page size:\s+([\d.]+) x ([\d.]+) pts", info, re.M)
    return {"pages": int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1)),
            "points": (round(float(size.group(1))), round(float(size.group(2))))}


def _qr_in(pdf: bytes, tmp_path) -> str:
    (tmp_path / "poster.pdf").write_bytes(pdf)
    subprocess.run([PDFTOPPM, "-r", "100", "-png", "-singlefile", str(tmp_path / "poster.pdf"), str(tmp_path / "page")], check=True)
    result = subprocess.run([ZBARIMG, "--raw", "-q", str(tmp_path / "page.png")], capture_output=True, text=True)
    return result.stdout.strip()


@pytest.mark.parametrize(("paper", "points"), [("a4", (595, 842)), ("letter", (612, 792))])
@pytest.mark.parametrize("language", ["en", "ar", "ug", "zh-hans", "ru"])
def test_the_posters_text_is_selectable_and_its_qr_code_decodes_to_the_petitions_address(client, db, tmp_path, paper, points, language):
    _tools()
    petition = make_petition(original_language=language, translations={language: {"title": TITLES[language], "summary": "", "body": "B"}})
    response = client.get(f"/{language}/petitions/{petition.slug}/poster-{paper}.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    pdf = response.content
    assert pdf.startswith(b"%PDF-")
    assert _info(pdf, tmp_path) == {"pages": 1, "points": points}
    text = _comparable(_text_in(pdf, tmp_path))
    assert _comparable(TITLES[language]) in text
    with translation.override(language):
        call = gettext("Sign the petition")
    assert _comparable(call) in text
    assert f"/p/{petition.slug}/" in text
    assert _qr_in(pdf, tmp_path) == absolute_url(f"/{language}/petitions/{petition.slug}/")


def test_the_lam_alef_ligature_is_mapped_back_to_its_letters_in_order(client, db):
    """What a PDF reader copies: the ToUnicode entry of the ligature glyph is lam, then alef."""
    import zlib

    petition = make_petition(original_language="ar", translations={"ar": {"title": TITLES["ar"], "summary": "", "body": "B"}})
    pdf = client.get(f"/ar/petitions/{petition.slug}/poster-a4.pdf").content
    maps = b""
    for stream in re.finditer(rb"stream\r?\n(.*?)\r?\nendstream", pdf, re.S):
        try:
            maps += zlib.decompress(stream.group(1))
        except zlib.error:
            continue
    assert b"<06440623>" in maps.upper()  # lam, then alef with hamza above


def test_a_long_title_still_fits_on_one_page(client, db, tmp_path):
    _tools()
    title = "Release every Uyghur scholar, writer and student held without trial, and let their families know where they are " * 2
    petition = make_petition(translations={"en": {"title": title[:200], "summary": "", "body": "B"}})
    pdf = client.get(f"/en/petitions/{petition.slug}/poster-a4.pdf").content
    assert _info(pdf, tmp_path)["pages"] == 1
    assert "Release every Uyghur scholar" in _text_in(pdf, tmp_path)
    assert _qr_in(pdf, tmp_path) == absolute_url(f"/en/petitions/{petition.slug}/")


def test_the_short_address_leads_to_the_petition_in_the_readers_language(client, petition):
    response = client.get(f"/p/{petition.slug}/", HTTP_ACCEPT_LANGUAGE="fr")
    assert response.status_code == 302
    assert response["Location"] == f"/fr/petitions/{petition.slug}/"


def test_a_closed_petition_has_no_poster(client, petition):
    Petition.objects.filter(pk=petition.pk).update(status=Petition.Status.CLOSED)
    assert client.get(f"/en/petitions/{petition.slug}/poster-a4.pdf").status_code == 404


def test_the_qr_code_alone_is_an_svg(client, petition):
    response = client.get(f"/en/petitions/{petition.slug}/qr.svg")
    assert response["Content-Type"] == "image/svg+xml" and b"<svg" in response.content


def test_making_a_poster_fetches_nothing():
    from awaz.front.posters import _no_fetching

    for url in ("file:///etc/passwd", "https://example.org/pixel.png", "http://127.0.0.1:8000/admin/"):
        with pytest.raises(ValueError):
            _no_fetching().fetch(url)
