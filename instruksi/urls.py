from django.urls import path

from instruksi import views

app_name = "instruksi"

urlpatterns = [
    path("", views.daftar, name="daftar"),
    path("baru/", views.buat, name="buat"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/ubah/", views.ubah, name="ubah"),
    path("<int:pk>/terbitkan/", views.terbitkan, name="terbitkan"),
    path("<int:pk>/batalkan/", views.batalkan, name="batalkan"),
    path("tugas/<int:pk>/", views.tugas, name="tugas"),
    path("tugas/<int:pk>/negosiasi/", views.negosiasi_ajukan, name="negosiasi_ajukan"),
    path("tugas/<int:pk>/kemajuan/", views.kemajuan_lapor, name="kemajuan_lapor"),
    path("negosiasi/<int:pk>/putuskan/", views.negosiasi_putuskan, name="negosiasi_putuskan"),
    path("kemajuan/<int:pk>/bukti/", views.kemajuan_bukti, name="kemajuan_bukti"),
    path("rekap/", views.rekap, name="rekap"),
    path("rekap/excel/", views.rekap_excel, name="rekap_excel"),
]
