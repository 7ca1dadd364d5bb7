from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from sakip import access

MODULE_CONTENTS = [
    _("Lembar Kerja Evaluasi (LKE) menurut PermenPANRB 12/2015 dan 88/2021."),
    _("Nilai komponen, nilai akhir dan predikat (AA sampai D)."),
    _("Rekomendasi beserta tindak lanjut perangkat daerah."),
    _("Laporan Kinerja Instansi Pemerintah (LKjIP) dalam PDF."),
]


@login_required
def home(request: HttpRequest) -> HttpResponse:
    opds = access.visible_opd(request.user).filter(pemda=request.pemda).aktif()
    return render(request, "evaluasi/home.html", {"opd_list": opds, "module_contents": MODULE_CONTENTS})
