from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from sakip import access

MODULE_CONTENTS = [
    _("Pohon kinerja: tujuan dan sasaran RPJMD, sasaran strategis Renstra, program hingga individu."),
    _("Lembar Manual IKU per indikator: definisi operasional, formula, satuan, polaritas, sumber data."),
    _("Target tahunan selama periode RPJMD dan Renstra."),
    _("Cek kualitas IKU (SMART) dan dokumen Manual IKU dalam PDF."),
]


@login_required
def home(request: HttpRequest) -> HttpResponse:
    opds = access.visible_opd(request.user).filter(pemda=request.pemda).aktif()
    return render(request, "iku_manual/home.html", {"opd_list": opds, "module_contents": MODULE_CONTENTS})
