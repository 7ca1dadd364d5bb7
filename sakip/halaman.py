"""Pages kept whole in the shared cache, per user, until the pemda's data changes.

Beranda and the pages leaders and evaluators return to most (the drill-down of an OPD, the list and
the sheet of evaluations, a PK, the IKP list) cost tens of milliseconds to build at a national
pemda's size, and are then read again and again unchanged. ``@halaman_tersimpan`` keeps such a page's
HTML in the shared cache (Redis, ``DJANGO_CACHE_URL``) under the user, the address, the language and
the day, and serves it again for as long as all of these hold:

- the pemda's data version and everyone's are those it was built under (``sakip.versi_data``: every
  audited change and every state-changing request of the pemda moves it, see ``VersiDataMiddleware``);
- the user's own stamp is the one the user was loaded under (``sakip.backends``: every change of the
  user renews it), so a new role, OPD or name is never answered with the old page;
- at most ``SAKIP_DASBOR_CACHE`` seconds have passed.

What of a page belongs to the request, never to the cache: its CSRF token. The page is built with a
random stand-in for the token, stored with the stand-in, and each answer carries a fresh token of
the request's own in its place. A request with messages to show, an htmx request, a superuser's (who
switches pemda in the session) and any answer but a 200 in HTML are built as usual, not cached.
Without a shared cache (``SAKIP_DASBOR_CACHE`` = 0) the decorator does nothing.

Kept pages lose their templates' indentation (``ringkas``).

A view decorated here must depend on nothing but the data of the user's pemda (the audited apps,
sakip's pemda, OPD, unit and official tables: ``versi_data``), the user, the address and the day, and
must write nothing on GET.
"""

from __future__ import annotations

import functools
import re
import secrets
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.messages import get_messages
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.utils import translation

from sakip import backends, dasbor, versi_data

ATRIBUT_PENGGANTI = "_sakip_csrf_pengganti"


def csrf_pengganti(request: HttpRequest) -> dict:
    """Context processor: while a page is built for the cache, its templates get the stand-in
    instead of the request's CSRF token (after Django's own processor, so this one wins)."""
    pengganti = getattr(request, ATRIBUT_PENGGANTI, None)
    return {"csrf_token": pengganti} if pengganti else {}


def _boleh(request: HttpRequest) -> bool:
    user = getattr(request, "user", None)
    return (
        versi_data.aktif()
        and request.method == "GET"
        and user is not None
        and user.is_authenticated
        and not user.is_superuser
        and getattr(request, "pemda", None) is not None
        and not getattr(request, "htmx", False)
        and len(get_messages(request)) == 0  # counts without marking them shown
    )


def _kunci(request: HttpRequest, nama: str) -> str:
    query = urlencode(sorted(request.GET.lists()), doseq=True)
    return (
        f"sakip:halaman:{nama}:{request.pemda.pk}:{request.user.pk}:{translation.get_language()}:"
        f"{dasbor.hari_ini().isoformat()}:{request.path}?{query}"
    )


def halaman_tersimpan(view):
    """Keep the view's page in the shared cache as described above."""

    nama = f"{view.__module__}.{view.__qualname__}"

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not _boleh(request):
            return view(request, *args, **kwargs)
        pemda_id = request.pemda.pk
        kunci = _kunci(request, nama)
        kunci_versi = versi_data.kunci_versi(pemda_id)
        found = cache.get_many([*kunci_versi, kunci])
        versi = versi_data.versi(pemda_id, found)
        stempel = backends.stempel_pengguna(request.user)
        entri = found.get(kunci)
        if entri is not None and entri["versi"] == versi and entri["stempel"] == stempel:
            response = HttpResponse(entri["isi"], content_type=entri["jenis"])
            return _dengan_token(request, response, entri["pengganti"])

        pengganti = secrets.token_hex(16)
        setattr(request, ATRIBUT_PENGGANTI, pengganti)
        try:
            response = view(request, *args, **kwargs)
            if hasattr(response, "render") and not response.is_rendered:
                response.render()  # a TemplateResponse: built now, with the stand-in
        finally:
            delattr(request, ATRIBUT_PENGGANTI)
        disimpan = (
            response.status_code == 200
            and not response.streaming
            and response.get("Content-Type", "").startswith("text/html")
            and not response.cookies
            and not getattr(get_messages(request), "added_new", False)
            and stempel is not None
        )
        if disimpan:
            response.content = ringkas(response.content)
            entri = {
                "versi": versi,
                "stempel": stempel,
                "pengganti": pengganti,
                "isi": response.content,
                "jenis": response["Content-Type"],
            }
            cache.set(kunci, entri, timeout=settings.SAKIP_DASBOR_CACHE)
        return _dengan_token(request, response, pengganti)

    return wrapper


_BARIS_BARU = re.compile(rb"\n\s+")
_SPASI_BERARTI = re.compile(rb"<(pre|textarea)\b", re.IGNORECASE)


def ringkas(isi: bytes) -> bytes:
    """The page without its templates' indentation and blank lines: every run of whitespace that
    holds a line break becomes the line break alone, which a browser renders the same. A leader's
    Beranda of a hundred OPDs loses a fifth of its size, and so of what the cache holds and sends. A
    page with a ``<pre>`` or a ``<textarea>``, where whitespace is content, is left as it is."""
    if _SPASI_BERARTI.search(isi):
        return isi
    return _BARIS_BARU.sub(b"\n", isi)


def _dengan_token(request: HttpRequest, response: HttpResponse, pengganti: str) -> HttpResponse:
    """The page with the request's own CSRF token where the stand-in stands."""
    penanda = pengganti.encode()
    if penanda in response.content:
        response.content = response.content.replace(penanda, get_token(request).encode())
    return response
