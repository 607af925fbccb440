"""Uploads: decoded, re-encoded from pixels, GPS gone; hostile files refused, nothing stored."""

import io
import struct
import zlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import ExifTags, Image

pytestmark = pytest.mark.django_db

GPS = ExifTags.IFD.GPSInfo


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def phone_photo(width=1600, height=1200) -> bytes:
    """A real JPEG as a phone writes it: EXIF with GPS coordinates, a camera model, a rotation."""
    image = Image.new("RGB", (width, height), (200, 30, 30))
    for x in range(0, width, 40):
        for y in range(0, height, 40):
            image.putpixel((x, y), (0, 0, 255))
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "PhoneMaker"
    exif[ExifTags.Base.Model] = "Field Camera 3"
    exif[ExifTags.Base.Orientation] = 1
    gps = exif.get_ifd(GPS)
    gps[ExifTags.GPS.GPSLatitudeRef] = "N"
    gps[ExifTags.GPS.GPSLatitude] = (43.0, 49.0, 30.5)
    gps[ExifTags.GPS.GPSLongitudeRef] = "E"
    gps[ExifTags.GPS.GPSLongitude] = (87.0, 36.0, 12.25)
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", exif=exif, quality=90)
    return buffer.getvalue()


def _upload(client, organization, petition, name, data, content_type="image/jpeg", **extra):
    url = reverse("studio:petition_image", args=[organization.slug, petition.pk])
    return client.post(url, {"image": SimpleUploadedFile(name, data, content_type=content_type),
                             "description": "Students in front of the university"}, **extra)


def _stored(media):
    return sorted(p for p in media.rglob("*") if p.is_file()) if media.exists() else []


def test_the_phone_photo_really_carries_gps():
    exif = Image.open(io.BytesIO(phone_photo())).getexif()
    assert exif.get_ifd(GPS)[ExifTags.GPS.GPSLatitude] == (43.0, 49.0, 30.5)


def test_no_size_stored_or_served_keeps_the_gps_or_any_metadata(studio_client, organization, own_petition, _media):
    response = _upload(studio_client, organization, own_petition, "IMG_2041.jpg", phone_photo())
    assert response.status_code == 302
    own_petition.refresh_from_db()
    files = _stored(_media)
    assert len(files) == 3
    sizes = set()
    for path in files:
        data = path.read_bytes()
        assert b"Exif" not in data and b"PhoneMaker" not in data and b"Field Camera" not in data
        image = Image.open(path)
        assert image.format == "JPEG"
        assert not image.getexif().get_ifd(GPS) and len(image.getexif()) == 0
        sizes.add(image.size)
    assert sizes == {(1200, 630), (800, 420), (400, 210)}
    for size in ("1200x630", "800x420", "400x210"):
        served = studio_client.get(own_petition.image_url(size))
        body = b"".join(served.streaming_content) if served.streaming else served.content
        assert served.status_code == 200
        assert b"Exif" not in body
        assert not Image.open(io.BytesIO(body)).getexif().get_ifd(GPS)
    assert own_petition.original().image_alt == "Students in front of the university"
    assert "IMG_2041" not in own_petition.image


def test_the_public_page_shows_the_image_and_offers_it_to_share_cards(studio_client, client, organization, own_petition):
    own_petition.status = "open"
    own_petition.save()
    _upload(studio_client, organization, own_petition, "photo.png", _png())
    own_petition.refresh_from_db()
    page = client.get(own_petition.get_absolute_url().replace("/petitions/", "/en/petitions/", 1)
                      if not own_petition.get_absolute_url().startswith("/en/") else own_petition.get_absolute_url())
    text = page.content.decode()
    assert own_petition.image_url("800x420") in text
    assert f'og:image" content="http://' in text and "1200x630" in text
    assert 'alt="Students in front of the university"' in text


def _png(width=300, height=200, mode="RGBA") -> bytes:
    buffer = io.BytesIO()
    Image.new(mode, (width, height), (10, 120, 60, 200)).save(buffer, "PNG")
    return buffer.getvalue()


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)


def decompression_bomb() -> bytes:
    """A small PNG whose header claims 60,000 x 60,000 pixels (3.6 gigapixels)."""
    header = struct.pack(">IIBBBBB", 60000, 60000, 8, 0, 0, 0, 0)
    rows = zlib.compress(b"\x00" * 60001 * 20, 9)
    return b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", header) + _chunk(b"IDAT", rows) + _chunk(b"IEND", b"")


SVG = b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><script>alert(document.cookie)</script></svg>'
HOSTILE = {
    "decompression bomb": ("bomb.png", decompression_bomb(), "too many pixels"),
    "polyglot JPEG + HTML": ("poly.jpg", phone_photo(200, 100) + b"<html><script>alert(1)</script></html>", "also contains something else"),
    "polyglot PNG + ZIP": ("poly.png", _png() + b"PK\x03\x04" + b"\x00" * 40, "also contains something else"),
    "script in a JPEG comment": ("comment.jpg", b"\xff\xd8\xff\xfe\x00\x1c<script>alert(1)</script>\x00\x00" + phone_photo(100, 50)[2:], "contains something else"),
    "PHP named .jpg": ("shell.jpg", b"<?php system($_GET['c']); ?>", "is not a JPEG, PNG or WebP image"),
    "SVG with script": ("image.svg", SVG, "is not a JPEG, PNG or WebP image"),
    "SVG named .png": ("image.png", SVG, "is not a JPEG, PNG or WebP image"),
    "GIF": ("anim.gif", b"GIF89a\x01\x00\x01\x00\x00\x00\x00;", "is not a JPEG, PNG or WebP image"),
}


@pytest.mark.parametrize("case", list(HOSTILE))
def test_it_refuses_a_hostile_file_with_a_clear_message_and_stores_nothing(studio_client, organization, own_petition, _media, case):
    name, data, message = HOSTILE[case]
    response = _upload(studio_client, organization, own_petition, name, data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert _stored(_media) == []
    own_petition.refresh_from_db()
    assert own_petition.image == ""


def test_the_refusal_is_in_the_users_language(studio_client, organization, own_petition, _media):
    studio_client.cookies["awaz_language"] = "fr"
    response = _upload(studio_client, organization, own_petition, "image.svg", SVG)
    assert "n’est pas une image JPEG, PNG ou WebP" in response.content.decode()
    assert _stored(_media) == []


def test_a_webp_is_accepted_and_stored_as_jpeg(studio_client, organization, own_petition, _media):
    buffer = io.BytesIO()
    Image.new("RGB", (640, 480), (1, 2, 3)).save(buffer, "WEBP")
    assert _upload(studio_client, organization, own_petition, "x.webp", buffer.getvalue(), "image/webp").status_code == 302
    assert {p.suffix for p in _stored(_media)} == {".jpg"}


def test_a_new_image_replaces_the_old_files(studio_client, organization, own_petition, _media):
    from django.test import TestCase

    with TestCase.captureOnCommitCallbacks(execute=True):
        _upload(studio_client, organization, own_petition, "a.jpg", phone_photo(400, 300))
    with TestCase.captureOnCommitCallbacks(execute=True):
        _upload(studio_client, organization, own_petition, "b.jpg", phone_photo(400, 300))
    assert len(_stored(_media)) == 3
