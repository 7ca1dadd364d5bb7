"""The documents of an evaluation: the LKE workbook and the LHE PDF."""

from django.urls import path

from evaluasi.views_dokumen import evaluasi_lhe_pdf, evaluasi_lke_excel

urlpatterns = [
    path("evaluasi/<int:pk>/lke.xlsx", evaluasi_lke_excel, name="evaluasi_lke_excel"),
    path("evaluasi/<int:pk>/lhe.pdf", evaluasi_lhe_pdf, name="evaluasi_lhe_pdf"),
]
