from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from sakip import access

MODULE_CONTENTS = [
    _("Perjanjian Kinerja (PK) induk dan perubahan, dengan tanda tangan pihak pertama dan kedua."),
    _("Rencana aksi: target triwulan I sampai IV."),
    _("Realisasi triwulanan dengan bukti dukung, faktor pendukung dan penghambat."),
    _("Verifikasi oleh evaluator dan capaian kinerja menurut polaritas indikator."),
]


@login_required
def home(request: HttpRequest) -> HttpResponse:
    opds = access.visible_opd(request.user).filter(pemda=request.pemda).aktif()
    return render(request, "perjanjian/home.html", {"opd_list": opds, "module_contents": MODULE_CONTENTS})
