from django.urls import path

from iku_manual.views import dokumen, excel, pohon

app_name = "iku_manual"

periode = "periode/<int:periode_pk>/"
opd = periode + "opd/<int:opd_pk>/"

urlpatterns = [
    path("", pohon.home, name="home"),
    path("periode/tambah/", pohon.periode_create, name="periode_create"),
    path("periode/<int:pk>/ubah/", pohon.periode_edit, name="periode_edit"),
    path(periode + "rpjmd/", pohon.rpjmd, name="rpjmd"),
    path(periode + "rpjmd/sasaran/tambah/", pohon.sasaran_create, name="rpjmd_sasaran_create"),
    path(opd, pohon.renstra, name="renstra"),
    path(opd + "renstra/ubah/", pohon.renstra_edit, name="renstra_edit"),
    path(opd + "sasaran/tambah/", pohon.sasaran_create, name="sasaran_create"),
    path("sasaran/<int:pk>/", pohon.sasaran_detail, name="sasaran_detail"),
    path("sasaran/<int:pk>/ubah/", pohon.sasaran_edit, name="sasaran_edit"),
    path("sasaran/<int:pk>/hapus/", pohon.sasaran_delete, name="sasaran_delete"),
    path("sasaran/<int:sasaran_pk>/indikator/tambah/", pohon.indikator_create, name="indikator_create"),
    path("indikator/<int:pk>/", pohon.indikator_detail, name="indikator_detail"),
    path("indikator/<int:pk>/ubah/", pohon.indikator_edit, name="indikator_edit"),
    path("indikator/<int:pk>/hapus/", pohon.indikator_delete, name="indikator_delete"),
    path(opd + "kualitas/", pohon.kualitas, name="kualitas"),
    path(periode + "pohon/", dokumen.pohon_kinerja, name="pohon_kinerja"),
    path(periode + "pohon.pdf", dokumen.pohon_kinerja_pdf, name="pohon_kinerja_pdf"),
    path(opd + "manual/", dokumen.manual_iku, name="manual_iku"),
    path(opd + "manual.pdf", dokumen.manual_iku_pdf, name="manual_iku_pdf"),
    path(opd + "excel/", excel.export, name="excel_export"),
    path(opd + "excel/templat/", excel.template, name="excel_template"),
    path(opd + "excel/impor/", excel.upload, name="excel_upload"),
    path(opd + "excel/impor/<str:token>/", excel.preview, name="excel_preview"),
]
