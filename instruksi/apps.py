from django.apps import AppConfig


class InstruksiConfig(AppConfig):
    name = "instruksi"
    verbose_name = "Instruksi Khusus Pimpinan (IKP)"
