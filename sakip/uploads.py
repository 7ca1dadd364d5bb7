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


# Evidence (bukti dukung) of realisations: PDF, images and office documents, judged by content.
BUKTI_MAX_BYTES = 10 * 1024 * 1024
_OOXML = {"word/": "docx", "xl/": "xlsx", "ppt/": "pptx"}


def bukti_path(instance, filename: str) -> str:
    extension = getattr(instance, "_bukti_ext", "") or "bin"
    return f"bukti/{instance.opd_id or 'opd'}/{instance.tahun}/{uuid.uuid4().hex}.{extension}"


def lke_bukti_path(instance, filename: str) -> str:
    """Evidence of an LKE answer (bukti dukung)."""
    extension = getattr(instance, "_bukti_ext", "") or "bin"
    return f"lke/{instance.evaluasi_id}/{uuid.uuid4().hex}.{extension}"


def tindak_lanjut_path(instance, filename: str) -> str:
    """Evidence of the follow-up to an evaluation's recommendation."""
    extension = getattr(instance, "_bukti_ext", "") or "bin"
    return f"tindak-lanjut/{instance.rekomendasi_id}/{uuid.uuid4().hex}.{extension}"


def sniff_bukti(file) -> str:
    """The evidence file's real type as an extension (pdf, png, jpg, docx, xlsx, pptx, doc, xls, odt,
    ods), judged by its bytes; ValidationError in Indonesian otherwise."""
    import zipfile

    if file.size > BUKTI_MAX_BYTES:
        raise ValidationError(_("Berkas bukti paling besar 10 MB."))
    if file.size == 0:
        raise ValidationError(_("Berkas bukti kosong."))
    position = file.tell() if hasattr(file, "tell") else 0
    try:
        file.seek(0)
        head = file.read(8)
        file.seek(0)
        if head.startswith(b"%PDF-"):
            return "pdf"
        if head.startswith(b"\x89PNG\r\n\x1a\n"):
            return "png"
        if head.startswith(b"\xff\xd8\xff"):
            return "jpg"
        if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
            name = getattr(file, "name", "").lower()
            return "xls" if name.endswith(".xls") else "doc"
        if head.startswith(b"PK\x03\x04"):
            try:
                with zipfile.ZipFile(file) as archive:
                    names = archive.namelist()
                    if "mimetype" in names:
                        mimetype = archive.read("mimetype").decode("ascii", "replace")
                        if mimetype.endswith("opendocument.text"):
                            return "odt"
                        if mimetype.endswith("opendocument.spreadsheet"):
                            return "ods"
            except zipfile.BadZipFile:
                names = []
            if "[Content_Types].xml" in names:
                for prefix, extension in _OOXML.items():
                    if any(n.startswith(prefix) for n in names):
                        return extension
    finally:
        file.seek(position)
    raise ValidationError(_("Berkas bukti harus PDF, gambar (PNG/JPEG), atau dokumen Word, Excel, PowerPoint, ODF."))


BUKTI_CONTENT_TYPES = {
    "pdf": "application/pdf",
    "png": "image/png",
    "jpg": "image/jpeg",
    "doc": "application/msword",
    "xls": "application/vnd.ms-excel",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "odt": "application/vnd.oasis.opendocument.text",
    "ods": "application/vnd.oasis.opendocument.spreadsheet",
}
