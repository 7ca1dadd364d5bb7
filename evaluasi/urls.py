"""URLs of the evaluation module. Each part keeps its routes in its own module, included here under
the same namespace."""

from django.urls import include, path

from evaluasi import views
from evaluasi.views_evaluasi import (
    evaluasi_detail,
    evaluasi_finalkan,
    evaluasi_lembar,
    evaluasi_list,
    evaluasi_penugasan,
    evaluasi_simpulan,
    jawaban_bukti,
)
from evaluasi.views_template import template_detail, template_excel, template_list

app_name = "evaluasi"
urlpatterns = [
    path("", views.home, name="home"),
    path("template/", template_list, name="template_list"),
    path("template/<int:pk>/", template_detail, name="template_detail"),
    path("template/<int:pk>/lke.xlsx", template_excel, name="template_excel"),
    path("evaluasi/", evaluasi_list, name="evaluasi_list"),
    path("evaluasi/<int:pk>/", evaluasi_detail, name="evaluasi_detail"),
    path("evaluasi/<int:pk>/komponen/<int:komponen_pk>/", evaluasi_lembar, name="evaluasi_lembar"),
    path("evaluasi/<int:pk>/finalkan/", evaluasi_finalkan, name="evaluasi_finalkan"),
    path("evaluasi/<int:pk>/penugasan/", evaluasi_penugasan, name="evaluasi_penugasan"),
    path("evaluasi/<int:pk>/simpulan/", evaluasi_simpulan, name="evaluasi_simpulan"),
    path("jawaban/<int:pk>/bukti/", jawaban_bukti, name="jawaban_bukti"),
    path("", include("evaluasi.urls_rekomendasi")),
    path("", include("evaluasi.urls_dokumen")),
    path("", include("evaluasi.urls_rekap")),
    path("", include("evaluasi.urls_template")),
    path("", include("evaluasi.urls_lkjip")),
]
