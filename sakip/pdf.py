"""PDF documents: a Django template rendered by WeasyPrint, shared by every report (Manual IKU, pohon
kinerja, Perjanjian Kinerja, LHE, LKjIP).

Templates extend ``pdf/base.html`` (A4, running header, "Halaman X dari Y"). Resources are read from
disk, never from the network: ``{% static %}`` URLs are mapped to the files the staticfiles finders
(or, after collectstatic, the storage) know, and uploads such as a pemda's logo are embedded as
``data:`` URIs with :func:`image_data_uri`, because media files are private and have no public URL.
"""

from __future__ import annotations

import base64
import logging
import threading
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.utils.http import content_disposition_header
from weasyprint import HTML
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher

logger = logging.getLogger(__name__)

# A made-up origin the document's relative URLs resolve against; nothing is ever fetched from it.
DOCUMENT_ORIGIN = "https://sakip.pdf.invalid/"

_IMAGE_SIGNATURES = {b"\x89PNG\r\n\x1a\n": "image/png", b"\xff\xd8\xff": "image/jpeg"}


def static_path(name: str) -> Path | None:
    """The file on disk behind a static name: from the source folders first (development, tests),
    then from STATIC_ROOT, where collectstatic leaves the hashed names ``{% static %}`` writes."""
    found = finders.find(name)
    if found:
        return Path(found)
    try:
        if staticfiles_storage.exists(name):
            return Path(staticfiles_storage.path(name))
    except (NotImplementedError, ValueError):  # a remote storage, or a name outside its folder
        return None
    return None


class LocalFetcher(URLFetcher):
    """Serves static files from disk and ``data:`` URIs; refuses everything else, so a document can
    neither reach the network nor read arbitrary files, whatever its text contains."""

    def __init__(self) -> None:
        super().__init__(allowed_protocols={"file", "data"})
        self.static_prefix = urljoin(DOCUMENT_ORIGIN, settings.STATIC_URL)

    def fetch(self, url: str, headers=None):
        if url.startswith("data:"):
            return super().fetch(url, headers)
        if url.startswith(self.static_prefix):
            path = static_path(unquote(urlsplit(url).path.removeprefix(urlsplit(self.static_prefix).path)))
            if path is not None:
                return super().fetch(path.as_uri(), headers)
        raise ValueError(f"PDF resource not available offline: {url}")


_per_thread = threading.local()


def font_config() -> FontConfiguration:
    """The thread's font configuration, made once and given to every document it renders.

    Given none, WeasyPrint makes one for each document, and what fontconfig and Pango allocate for
    it is never given back: about 200 KB a document, so a worker that renders PDFs all day grows
    without end (``bench/soak.py``: 135 MB a worker in 30 minutes). One per thread, because a Pango
    font map is not to be shared between threads. It only grows with ``@font-face`` rules, which no
    template has: the fonts are the system's (DejaVu, installed with the app)."""
    config = getattr(_per_thread, "font_config", None)
    if config is None:
        config = _per_thread.font_config = FontConfiguration()
    return config


def render_pdf(template_name: str, context: dict, *, request: HttpRequest | None = None) -> bytes:
    """Render a template under ``templates/pdf/`` to PDF bytes."""
    html = render_to_string(template_name, context, request=request)
    document = HTML(string=html, base_url=DOCUMENT_ORIGIN, url_fetcher=LocalFetcher())
    return document.write_pdf(font_config=font_config())


def pdf_response(pdf_bytes: bytes, filename: str) -> HttpResponse:
    """A download: the browser saves the file under ``filename`` instead of navigating to it."""
    response = HttpResponse(pdf_bytes, content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=filename)
    # Reports hold a pemda's internal data: no shared cache may keep them.
    response["Cache-Control"] = "private, no-store"
    return response


def image_data_uri(field_file) -> str | None:
    """An uploaded PNG or JPEG (an ImageField value) as a ``data:`` URI, or None when there is no
    usable file. Logos are stored without an extension, so the type is read from the content."""
    if not field_file:
        return None
    try:
        with field_file.open("rb") as handle:
            content = handle.read()
    except OSError:
        # A missing upload must not stop a report; the document is printed without the image.
        logger.warning("Image %s cannot be read; the PDF is printed without it.", field_file.name)
        return None
    for signature, mime in _IMAGE_SIGNATURES.items():
        if content.startswith(signature):
            return f"data:{mime};base64,{base64.b64encode(content).decode('ascii')}"
    return None
