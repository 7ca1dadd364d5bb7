"""The read-only report pages of evaluations: one evaluation's what-if and the pemda's recap."""

from django.urls import path

from evaluasi.views_rekap import evaluasi_rekap, evaluasi_simulasi

urlpatterns = [
    path("evaluasi/<int:pk>/simulasi/", evaluasi_simulasi, name="evaluasi_simulasi"),
    path("rekap/", evaluasi_rekap, name="evaluasi_rekap"),
]
