"""Making a pemda's own LKE template: copy one to a new version, or import one from Excel."""

from django.urls import path

from evaluasi.views_template import template_impor, template_impor_pratinjau, template_salin

urlpatterns = [
    path("template/impor/", template_impor, name="template_impor"),
    path("template/impor/<str:token>/", template_impor_pratinjau, name="template_impor_pratinjau"),
    path("template/<int:pk>/salin/", template_salin, name="template_salin"),
]
