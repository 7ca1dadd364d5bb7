from django.urls import path

from iku_manual import views

app_name = "iku_manual"
urlpatterns = [
    path("", views.home, name="home"),
]
