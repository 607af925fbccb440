"""Uploaded images: only real raster images, under random names, served from our own host.

Pillow would be the usual tool; to keep dependencies few we check the file's signature bytes,
which is what matters here: an SVG or an HTML file renamed to .png must not be served.
"""

import uuid
from pathlib import PurePath

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

MAX_IMAGE_BYTES = 5 * 1024 * 1024
# Extension -> the signatures a file of that type starts with.
IMAGE_SIGNATURES = {
    "jpg": (b"\xff\xd8\xff",),
    "jpeg": (b"\xff\xd8\xff",),
    "png": (b"\x89PNG\r\n\x1a\n",),
    "gif": (b"GIF87a", b"GIF89a"),
    "webp": (b"RIFF",),
}
IMAGE_EXTENSIONS = tuple(IMAGE_SIGNATURES)


def _extension(name: str) -> str:
    return PurePath(name or "").suffix.lower().lstrip(".")


def validate_image_file(file) -> None:
    extension = _extension(getattr(file, "name", ""))
    if extension not in IMAGE_SIGNATURES:
        raise ValidationError(
            _("Upload a JPEG, PNG, GIF or WebP image (the file ends in %(extension)s)."),
            code="image_extension",
            params={"extension": f".{extension}" if extension else "…"},
        )
    if file.size > MAX_IMAGE_BYTES:
        raise ValidationError(
            _("The image is too large: at most %(megabytes)s MB."),
            code="image_size",
            params={"megabytes": MAX_IMAGE_BYTES // (1024 * 1024)},
        )
    position = file.tell() if hasattr(file, "tell") else 0
    file.seek(0)
    head = file.read(16)
    file.seek(position)
    ok = any(head.startswith(signature) for signature in IMAGE_SIGNATURES[extension])
    if extension == "webp":
        ok = ok and head[8:12] == b"WEBP"
    if not ok:
        raise ValidationError(_("This file is not an image of the type its name says."), code="image_content")


def image_upload_to(instance, filename: str) -> str:
    # A random name: the campaigner's file name may say more than it should (a place, a person).
    return f"news/{uuid.uuid4().hex}.{_extension(filename)}"
