from django.apps import AppConfig


class PerjanjianConfig(AppConfig):
    name = "perjanjian"
    verbose_name = "Perjanjian kinerja dan realisasi"
