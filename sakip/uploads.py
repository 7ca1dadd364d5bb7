"""Rules for uploaded files: where they are stored and what is accepted.

Uploads live under MEDIA_ROOT, which no web server exposes; views that check access serve them.
File names are generated, never taken from the user.
"""

from __future__ import annotations

import uuid

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from PIL import Image

LOGO_MAX_BYTES = 1024 * 1024
LOGO_FORMATS = {"PNG": "png", "JPEG": "jpg"}


def logo_path(instance, filename: str) -> str:
    return f"pemda/{instance.kode or 'baru'}/logo-{uuid.uuid4().hex[:12]}"


def validate_logo(file) -> None:
    """Accept a PNG or JPEG of at most 1 MB, judged by its content rather than its name."""
    if file.size > LOGO_MAX_BYTES:
        raise ValidationError(_("Logo paling besar 1 MB."))
    position = file.tell() if hasattr(file, "tell") else 0
    try:
        file.seek(0)
        with Image.open(file) as image:
            image_format = image.format
            image.verify()
    except Exception as exc:
        raise ValidationError(_("Berkas logo bukan gambar PNG atau JPEG yang sah.")) from exc
    finally:
        file.seek(position)
    if image_format not in LOGO_FORMATS:
        raise ValidationError(_("Logo harus berformat PNG atau JPEG."))
