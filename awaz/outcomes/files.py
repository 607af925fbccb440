"""Files campaigners upload to the timeline: a delivery photo and a response document.

A photo is decoded and encoded again with Pillow as a plain JPEG: whatever the file carried
besides pixels (EXIF with the camera's GPS position and serial number, XMP, comments, a script
disguised as an image) does not survive. Its orientation is applied first, so dropping EXIF does
not turn it on its side. A document must be a PDF. Both get random names: a file's name may
say more than it should.
"""

import uuid
from io import BytesIO

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps

MAX_UPLOAD_BYTES = 10 * 1024 * 1024
MAX_PIXELS = 40_000_000  # a 40-megapixel camera; anything larger is refused, not decoded
MAX_SIDE = 2000  # the photo as published; the original is not kept
JPEG_QUALITY = 85


def _check_size(file) -> None:
    if file.size > MAX_UPLOAD_BYTES:
        raise ValidationError(_("The file is too large: at most %(megabytes)s MB."), code="file_size",
                              params={"megabytes": MAX_UPLOAD_BYTES // (1024 * 1024)})


def photo_reencode(file) -> ContentFile:
    """A clean JPEG of the uploaded image, at most MAX_SIDE pixels wide or high, no metadata."""
    _check_size(file)
    file.seek(0)
    try:
        with Image.open(file) as probe:
            if probe.width * probe.height > MAX_PIXELS:
                raise ValidationError(_("The image is too large in pixels."), code="image_pixels")
            probe.verify()
        file.seek(0)
        with Image.open(file) as image:
            image = ImageOps.exif_transpose(image)
            image = image.convert("RGB")
            image.thumbnail((MAX_SIDE, MAX_SIDE))
            # A new image from the pixels alone: Pillow would otherwise carry `info` (the JPEG
            # comment, for one) into the file it writes.
            pixels = Image.frombytes("RGB", image.size, image.tobytes())
            out = BytesIO()
            pixels.save(out, format="JPEG", quality=JPEG_QUALITY, optimize=True)
    except ValidationError:
        raise
    except (OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        raise ValidationError(_("This file is not an image that can be read."), code="image_content") from None
    return ContentFile(out.getvalue(), name=f"{uuid.uuid4().hex}.jpg")


def document_check(file) -> ContentFile:
    _check_size(file)
    file.seek(0)
    content = file.read()
    if not content.startswith(b"%PDF-"):
        raise ValidationError(_("Attach the answer as a PDF file."), code="document_type")
    return ContentFile(content, name=f"{uuid.uuid4().hex}.pdf")
