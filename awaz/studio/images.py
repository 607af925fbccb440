"""Uploaded images, made safe: decoded by Pillow, re-encoded from pixels alone, resized.

A photo taken in the field can locate its photographer: its EXIF carries GPS coordinates,
the camera's serial number, the time. Nothing of the upload is kept but its pixels. Each
upload is:

1. limited in bytes (MAX_BYTES) and in pixels (MAX_PIXELS, checked from the header before
   decoding, so a decompression bomb is refused before it takes the memory);
2. opened only with the JPEG, PNG or WebP decoders (an SVG, HTML or any other file is not an
   image here, whatever its name says), then decoded in full;
3. refused if it is also something else (a polyglot): bytes after the image's end, or markup
   (`<script`, `<html`, `<svg`, `<?php`) anywhere in it;
4. turned upright by its EXIF orientation, then re-encoded from its pixels into new JPEG
   files (PNG for logos, to keep transparency), without any metadata, at the sizes the pages
   and share cards need.

Files are written only once all of this has succeeded, under random names.
"""

import io
import uuid
import warnings
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps

MAX_BYTES = 10 * 1024 * 1024
MAX_PIXELS = 40_000_000  # a 40-megapixel phone photo; a bomb claims far more
FORMATS = ("JPEG", "PNG", "WEBP")
MARKUP = (b"<script", b"<html", b"<svg", b"<?php", b"<!doctype", b"<iframe", b"javascript:")
# Name -> (width, height): share cards (Open Graph's 1200x630), the petition page, lists.
PETITION_SIZES = {"1200x630": (1200, 630), "800x420": (800, 420), "400x210": (400, 210)}
LOGO_SIZES = {"400": (400, 400), "160": (160, 160)}


def _trailing_bytes(data: bytes, fmt: str) -> bool:
    """Whether anything follows the end of the image (the usual way to make a polyglot)."""
    if fmt == "PNG":
        end = data.rfind(b"IEND")
        return end < 0 or len(data) > end + 8
    if fmt == "JPEG":
        end = data.rfind(b"\xff\xd9")
        return end < 0 or data[end + 2 :].strip(b"\x00") != b""
    if fmt == "WEBP":
        declared = int.from_bytes(data[4:8], "little") + 8
        return len(data) > declared + (declared % 2)
    return True


def decode(upload) -> Image.Image:
    """The upload's pixels, or ValidationError with a message in the user's language."""
    if upload.size > MAX_BYTES:
        raise ValidationError(_("The image is too large: at most %(megabytes)s MB."), code="image_size",
                              params={"megabytes": MAX_BYTES // (1024 * 1024)})
    upload.seek(0)
    data = upload.read()
    not_an_image = ValidationError(_("This file is not a JPEG, PNG or WebP image. Choose a photo or a picture in one of these formats."),
                                   code="image_content")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            probe = Image.open(io.BytesIO(data), formats=FORMATS)
            fmt = probe.format
            width, height = probe.size
            if width * height > MAX_PIXELS:
                raise ValidationError(
                    _("This image has too many pixels (at most %(megapixels)s million). Use a smaller copy."),
                    code="image_pixels", params={"megapixels": MAX_PIXELS // 1_000_000},
                )
            probe.verify()
            image = Image.open(io.BytesIO(data), formats=FORMATS)
            image.load()
    except ValidationError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise ValidationError(_("This image has too many pixels (at most %(megapixels)s million). Use a smaller copy."),
                              code="image_pixels", params={"megapixels": MAX_PIXELS // 1_000_000}) from None
    except Exception:  # Pillow raises many kinds for a broken or foreign file: all mean "not an image"
        raise not_an_image from None
    lowered = data.lower()
    if _trailing_bytes(data, fmt) or any(marker in lowered for marker in MARKUP):
        raise ValidationError(_("This image file also contains something else (such as a web page or a script), so it is refused. Export the picture again from a photo app."),
                              code="image_polyglot")
    return image


def _pixels(image: Image.Image, *, keep_alpha: bool) -> Image.Image:
    image = ImageOps.exif_transpose(image)
    if keep_alpha:
        return image.convert("RGBA")
    if image.mode in ("RGBA", "LA", "P"):
        rgba = image.convert("RGBA")
        flat = Image.new("RGB", rgba.size, (255, 255, 255))
        flat.paste(rgba, mask=rgba.getchannel("A"))
        return flat
    return image.convert("RGB")


def _write(path: Path, image: Image.Image, fmt: str) -> None:
    buffer = io.BytesIO()
    # A new image from pixels: no exif=, no icc_profile=, no comment, so no metadata is written.
    clean = Image.new(image.mode, image.size)
    clean.paste(image)
    if fmt == "JPEG":
        clean.save(buffer, "JPEG", quality=85, optimize=True, progressive=True)
    else:
        clean.save(buffer, "PNG", optimize=True)
    path.write_bytes(buffer.getvalue())


def store(upload, *, folder: str, sizes: dict[str, tuple[int, int]], logo: bool = False) -> str:
    """Validate and store every size; returns the stem (`folder/<random>`) the files share."""
    image = _pixels(decode(upload), keep_alpha=logo)
    stem = f"{folder}/{uuid.uuid4().hex}"
    directory = Path(settings.MEDIA_ROOT) / folder
    directory.mkdir(parents=True, exist_ok=True)
    rendered = {}
    for name, (width, height) in sizes.items():
        if logo:
            copy = image.copy()
            copy.thumbnail((width, height), Image.Resampling.LANCZOS)
            rendered[name] = copy
        else:
            rendered[name] = ImageOps.fit(image, (width, height), Image.Resampling.LANCZOS)
    extension, fmt = ("png", "PNG") if logo else ("jpg", "JPEG")
    for name, sized in rendered.items():
        _write(Path(settings.MEDIA_ROOT) / f"{stem}-{name}.{extension}", sized, fmt)
    return stem


def url(stem: str, size: str, *, logo: bool = False) -> str:
    return f"{settings.MEDIA_URL}{stem}-{size}.{'png' if logo else 'jpg'}" if stem else ""


def remove(stem: str, sizes, *, logo: bool = False) -> None:
    if not stem:
        return
    for name in sizes:
        (Path(settings.MEDIA_ROOT) / f"{stem}-{name}.{'png' if logo else 'jpg'}").unlink(missing_ok=True)
