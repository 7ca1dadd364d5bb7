from django.apps import AppConfig


class IkuManualConfig(AppConfig):
    name = "iku_manual"
    verbose_name = "Manual IKU dan pohon kinerja"
