"""The module's front page: per OPD, this year's agreement and realisations, with the way in to each
page the user's role works on."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from perjanjian import access as pk_access
from perjanjian.models import PerjanjianKinerja, Realisasi
from perjanjian.views.common import year_param
from sakip import access


@login_required
def home(request: HttpRequest) -> HttpResponse:
    user, pemda = request.user, request.pemda
    tahun = year_param(request)
    today = timezone.localdate()
    context = {"tahun": tahun, "tahun_list": range(today.year - 3, today.year + 2), "rows": []}
    if pemda is not None:
        opds = list(access.visible_opd(user).filter(pemda=pemda).aktif())
        latest: dict[int, PerjanjianKinerja] = {}
        for pk in PerjanjianKinerja.objects.filter(opd__in=opds, tahun=tahun, unit__isnull=True).order_by(
            "opd_id", "-versi"
        ):
            latest.setdefault(pk.opd_id, pk)
        counts: dict[int, dict[str, int]] = {}
        for row in (
            Realisasi.objects.filter(opd__in=opds, tahun=tahun).values("opd_id", "status").annotate(n=Count("pk"))
        ):
            counts.setdefault(row["opd_id"], {})[row["status"]] = row["n"]
        context["rows"] = [
            {
                "opd": opd,
                "pk": latest.get(opd.pk),
                "realisasi": counts.get(opd.pk, {}),
                "can_draft": pk_access.can_draft(user, opd),
            }
            for opd in opds
        ]
        context["can_verify"] = pk_access.can_verify(user, pemda.pk)
        context["can_configure"] = pk_access.can_configure(user, pemda.pk)
        if context["can_verify"]:
            context["antrean"] = Realisasi.objects.filter(opd__pemda=pemda, status=Realisasi.Status.DIAJUKAN).count()
    context["triwulan_kini"] = (today.month - 1) // 3 + 1 if tahun == today.year else 4
    return render(request, "perjanjian/home.html", context)
