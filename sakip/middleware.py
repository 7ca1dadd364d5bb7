from __future__ import annotations

import zoneinfo

from django.utils import timezone

from sakip import versi_data
from sakip.models import Pemda

SESSION_PEMDA_KEY = "pemda_aktif"


def active_pemda(request) -> Pemda | None:
    """The pemda a request works in: the user's own, or for a superuser the one chosen in session."""
    user = request.user
    if not user.is_authenticated:
        return None
    if not user.is_superuser:
        return user.pemda
    pemda_id = request.session.get(SESSION_PEMDA_KEY)
    pemda = Pemda.objects.filter(pk=pemda_id).first() if pemda_id else None
    return pemda or Pemda.objects.filter(aktif=True).first()


class PemdaMiddleware:
    """Sets ``request.pemda`` and shows times in that pemda's zone (WIB, WITA or WIT)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.pemda = active_pemda(request)
        if request.pemda is not None:
            timezone.activate(zoneinfo.ZoneInfo(request.pemda.zona_waktu))
        try:
            return self.get_response(request)
        finally:
            timezone.deactivate()


class VersiDataMiddleware:
    """After every state-changing request (POST and the like) of a signed-in user, the data version of
    the user's pemda moves (a superuser's: everyone's), whatever the view wrote and however: bulk
    writes without a history record included. Pages and figures cached until the pemda's data changes
    (``sakip.versi_data``, ``sakip.halaman``) are thus never served past a change made in the app."""

    AMAN = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})
    # Requests that change no performance data: signing in and out, one's password (the user's own
    # stamps move with it, sakip/backends.py), reading notifications.
    TANPA_DATA = frozenset({"login", "logout", "password_change"})
    NAMESPACE_TANPA_DATA = frozenset({"notifikasi"})

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.method not in self.AMAN and versi_data.aktif() and not self._tanpa_data(request):
            user = getattr(request, "user", None)
            if user is not None and user.is_authenticated:
                pemda = getattr(request, "pemda", None)
                versi_data.naikkan(None if user.is_superuser or pemda is None else pemda.pk)
        return response

    def _tanpa_data(self, request) -> bool:
        match = getattr(request, "resolver_match", None)
        return match is not None and (match.url_name in self.TANPA_DATA or match.namespace in self.NAMESPACE_TANPA_DATA)


class MethodNotAllowedPageMiddleware:
    """A page, not a blank screen, for a browser that GETs an action that only answers POST (a
    bookmarked "Ajukan" link, say). The status stays 405 with its Allow header."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code == 405 and request.method == "GET" and not response.content:
            from django.template.loader import render_to_string

            response.content = render_to_string("405.html", request=request)
            response["Content-Type"] = "text/html; charset=utf-8"
        return response
