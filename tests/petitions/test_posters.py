"""Posters: A4 and US Letter PDFs whose QR code a phone reads as the petition's address."""

import re
import shutil
import subprocess

import pytest

from awaz.core.links import absolute_url
from awaz.petitions.models import Petition

ZBARIMG = shutil.which("zbarimg")
PDFTOPPM = shutil.which("pdftoppm")


def _tools():
    if not (ZBARIMG and PDFTOPPM):
        pytest.fail("zbarimg and pdftoppm are missing: run `make test` (it installs zbar-tools and poppler-utils)")


def _qr_in(pdf: bytes, tmp_path) -> str:
    (tmp_path / "poster.pdf").write_bytes(pdf)
    subprocess.run([PDFTOPPM, "-r", "100", "-png", "-singlefile", str(tmp_path / "poster.pdf"), str(tmp_path / "page")], check=True)
    result = subprocess.run([ZBARIMG, "--raw", "-q", str(tmp_path / "page.png")], capture_output=True, text=True)
    return result.stdout.strip()


@pytest.mark.parametrize(("paper", "points"), [("a4", (595, 842)), ("letter", (612, 792))])
@pytest.mark.parametrize("language", ["en", "ar", "ug", "zh-hans"])
def test_the_posters_qr_code_decodes_to_the_petitions_address(client, petition, tmp_path, paper, points, language):
    _tools()
    response = client.get(f"/{language}/petitions/{petition.slug}/poster-{paper}.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    pdf = response.content
    assert pdf.startswith(b"%PDF-")
    box = re.search(rb"/MediaBox \[ ?0 0 ([\d.]+) ([\d.]+) ?\]", pdf)
    assert (round(float(box.group(1))), round(float(box.group(2)))) == points
    assert _qr_in(pdf, tmp_path) == absolute_url(f"/{language}/petitions/{petition.slug}/")


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
