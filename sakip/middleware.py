from __future__ import annotations

import zoneinfo

from django.utils import timezone

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
