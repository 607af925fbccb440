"""Delivery photos lose every byte that is not a pixel; response documents must be PDFs."""

from io import BytesIO

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from awaz.outcomes.files import document_check, photo_reencode


def _photo_with_exif() -> bytes:
    image = Image.new("RGB", (3000, 1500), (200, 30, 30))
    exif = Image.Exif()
    exif[0x010F] = "SpyCam Maker"  # Make
    exif[0x0131] = "Secret Software 1.0"  # Software
    exif[0x0112] = 6  # Orientation: rotate 90° clockwise to display
    out = BytesIO()
    image.save(out, format="JPEG", exif=exif.tobytes(), comment=b"taken at the safe house")
    return out.getvalue()


def test_it_strips_exif_and_comments_and_applies_the_orientation():
    original = _photo_with_exif()
    assert b"SpyCam Maker" in original
    clean = photo_reencode(SimpleUploadedFile("IMG_2024_GPS_home.jpg", original, content_type="image/jpeg"))
    data = clean.read()
    assert b"SpyCam Maker" not in data and b"Secret Software" not in data and b"safe house" not in data
    assert b"Exif" not in data
    with Image.open(BytesIO(data)) as image:
        assert not image.getexif()
        assert image.size == (1000, 2000)  # turned upright, then bounded to 2,000 px
    assert clean.name.endswith(".jpg") and "GPS" not in clean.name


def test_it_refuses_a_file_that_is_not_an_image():
    with pytest.raises(ValidationError):
        photo_reencode(SimpleUploadedFile("photo.jpg", b"<svg onload=alert(1)>", content_type="image/jpeg"))


def test_a_document_must_be_a_pdf():
    with pytest.raises(ValidationError):
        document_check(SimpleUploadedFile("answer.pdf", b"<html><script>x</script>", content_type="application/pdf"))
    assert document_check(SimpleUploadedFile("answer.pdf", b"%PDF-1.7\n...", content_type="application/pdf")).name.endswith(".pdf")
