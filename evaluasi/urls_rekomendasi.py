"""Recommendations of an evaluation and the OPD's follow-up (included by evaluasi/urls.py)."""

from django.urls import path

from evaluasi import views_rekomendasi as views

urlpatterns = [
    path("evaluasi/<int:pk>/rekomendasi/", views.rekomendasi_list, name="rekomendasi_list"),
    path("rekomendasi/", views.rekomendasi_pantau, name="rekomendasi_pantau"),
    path("rekomendasi/<int:pk>/", views.rekomendasi_detail, name="rekomendasi_detail"),
    path("rekomendasi/<int:pk>/ubah/", views.rekomendasi_ubah, name="rekomendasi_ubah"),
    path("rekomendasi/<int:pk>/hapus/", views.rekomendasi_hapus, name="rekomendasi_hapus"),
    path("rekomendasi/<int:pk>/tindak-lanjut/", views.tindak_lanjut_ajukan, name="tindak_lanjut_ajukan"),
    path("tindak-lanjut/<int:pk>/nilai/", views.tindak_lanjut_nilai, name="tindak_lanjut_nilai"),
    path("tindak-lanjut/<int:pk>/bukti/", views.tindak_lanjut_bukti, name="tindak_lanjut_bukti"),
]
