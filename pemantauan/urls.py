from django.urls import path

from pemantauan import views

app_name = "pemantauan"

serapan = "serapan/<int:tahun>/"
pengaduan = "pengaduan/<int:tahun>/"

urlpatterns = [
    path("", views.beranda, name="beranda"),
    # Serapan anggaran
    path(serapan, views.serapan_rekap, name="serapan_rekap"),
    path(serapan + "opd/<int:opd_pk>/", views.serapan_opd, name="serapan_opd"),
    path(serapan + "opd/<int:opd_pk>/isi/", views.serapan_isi, name="serapan_isi"),
    path(serapan + "templat/", views.templat, {"jenis": "serapan"}, name="serapan_templat"),
    path(serapan + "impor/", views.impor, {"jenis": "serapan"}, name="serapan_impor"),
    path(serapan + "impor/<str:token>/", views.impor_preview, {"jenis": "serapan"}, name="serapan_impor_preview"),
    path("kurva/", views.kurva, name="kurva"),
    path("kurva/ubah/", views.kurva_ubah, name="kurva_ubah"),
    # Pengaduan SP4N-LAPOR
    path(pengaduan, views.pengaduan_rekap, name="pengaduan_rekap"),
    path(pengaduan + "opd/<int:opd_pk>/", views.pengaduan_opd, name="pengaduan_opd"),
    path(pengaduan + "opd/<int:opd_pk>/isi/", views.pengaduan_isi, name="pengaduan_isi"),
    path(pengaduan + "templat/", views.templat, {"jenis": "pengaduan"}, name="pengaduan_templat"),
    path(pengaduan + "impor/", views.impor, {"jenis": "pengaduan"}, name="pengaduan_impor"),
    path(pengaduan + "impor/<str:token>/", views.impor_preview, {"jenis": "pengaduan"}, name="pengaduan_impor_preview"),
    # An indicator whose realisation is read from these figures
    path("indikator/<int:indikator_pk>/sumber/", views.sumber_indikator, name="sumber_indikator"),
]
