from django.urls import path

from evaluasi import views
from evaluasi.views_template import template_detail, template_excel, template_list

app_name = "evaluasi"
urlpatterns = [
    path("", views.home, name="home"),
    path("template/", template_list, name="template_list"),
    path("template/<int:pk>/", template_detail, name="template_detail"),
    path("template/<int:pk>/lke.xlsx", template_excel, name="template_excel"),
]
