from django.urls import path

from perjanjian import views

app_name = "perjanjian"
urlpatterns = [
    path("", views.home, name="home"),
]
