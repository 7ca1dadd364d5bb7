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
