from django.urls import path

from perjanjian.views import anggaran, beranda, dokumen, impor, laporan, pk, realisasi

app_name = "perjanjian"

opd = "opd/<int:opd_pk>/<int:tahun>/"
triwulan = opd + "tw<int:triwulan>/"

urlpatterns = [
    path("", beranda.home, name="home"),
    path("pengaturan/", anggaran.pengaturan, name="pengaturan"),
    # Perjanjian Kinerja
    path("pk/", pk.pk_list, name="pk_list"),
    path("opd/<int:opd_pk>/pk/tambah/", pk.pk_create, name="pk_create"),
    path("pk/<int:pk>/", pk.pk_detail, name="pk_detail"),
    path("pk/<int:pk>/ubah/", pk.pk_edit, name="pk_edit"),
    path("pk/<int:pk>/target/", pk.pk_baris, name="pk_baris"),
    path("pk/<int:pk>/anggaran/", pk.pk_anggaran, name="pk_anggaran"),
    path("pk/<int:pk>/ajukan/", pk.pk_ajukan, name="pk_ajukan"),
    path("pk/<int:pk>/kembalikan/", pk.pk_kembalikan, name="pk_kembalikan"),
    path("pk/<int:pk>/tetapkan/", pk.pk_tetapkan, name="pk_tetapkan"),
    path("pk/<int:pk>/hapus/", pk.pk_hapus, name="pk_hapus"),
    path("pk/<int:pk>/perubahan/", pk.pk_perubahan, name="pk_perubahan"),
    path("pk/<int:pk>/perbandingan/", pk.pk_banding, name="pk_banding"),
    path("pk/<int:pk>/dokumen.pdf", dokumen.pk_pdf, name="pk_pdf"),
    path("pk/<int:pk>/dokumen.xlsx", dokumen.pk_excel, name="pk_excel"),
    path("pk/<int:pk>/realisasi-anggaran/", anggaran.realisasi_anggaran, name="realisasi_anggaran"),
    # Realisasi and verification
    path(triwulan, realisasi.realisasi_triwulan, name="realisasi_triwulan"),
    path(triwulan + "indikator/<int:indikator_pk>/", realisasi.realisasi_edit, name="realisasi_edit"),
    path(triwulan + "ajukan/", realisasi.realisasi_ajukan_semua, name="realisasi_ajukan_semua"),
    path(triwulan + "buka-kembali/", realisasi.buka_kembali, name="buka_kembali"),
    path("realisasi/<int:pk>/", realisasi.realisasi_detail, name="realisasi_detail"),
    path("realisasi/<int:pk>/bukti/", realisasi.realisasi_bukti, name="realisasi_bukti"),
    path("realisasi/<int:pk>/ajukan/", realisasi.realisasi_ajukan, name="realisasi_ajukan"),
    path("realisasi/<int:pk>/verifikasi/", realisasi.realisasi_verifikasi, name="realisasi_verifikasi"),
    path("realisasi/<int:pk>/kembalikan/", realisasi.realisasi_kembalikan, name="realisasi_kembalikan"),
    path("realisasi/<int:pk>/batal-verifikasi/", realisasi.realisasi_batal, name="realisasi_batal"),
    path("verifikasi/", realisasi.verifikasi, name="verifikasi"),
    path("jadwal/", realisasi.jadwal, name="jadwal"),
    # Excel import of realisations
    path(opd + "realisasi.xlsx", impor.templat, name="realisasi_templat"),
    path(opd + "impor/", impor.upload, name="realisasi_impor"),
    path(opd + "impor/<str:token>/", impor.preview, name="realisasi_impor_preview"),
    # Monitoring and recap
    path(opd + "monitoring/", laporan.monitoring, name="monitoring"),
    path("rekap/", laporan.rekap, name="rekap"),
]
