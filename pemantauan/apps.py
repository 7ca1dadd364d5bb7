from django.apps import AppConfig


class PemantauanConfig(AppConfig):
    name = "pemantauan"
    verbose_name = "Serapan anggaran dan pengaduan (SP4N-LAPOR)"
